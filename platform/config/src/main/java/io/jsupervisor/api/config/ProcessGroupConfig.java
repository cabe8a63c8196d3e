package io.jsupervisor.api.config;

import java.util.List;
import java.util.SortedSet;
import java.util.Collections;
import java.util.TreeSet;

/**
 * A process group: a [program:x] (its numprocs processes), a [group:x] of programs, an
 * [fcgi-program:x] or an [eventlistener:x] pool.
 *
 * @param heterogeneous true when it comes from [group:x]
 * @param listener event listener settings, for {@link GroupType#EVENTLISTENER} only, else null
 * @param socket fcgi socket settings, for {@link GroupType#FCGI_PROGRAM} only, else null
 */
public record ProcessGroupConfig(
        String name,
        GroupType type,
        int priority,
        boolean heterogeneous,
        List<ProcessConfig> processes,
        EventListenerSettings listener,
        FcgiSocketSettings socket) {

    public ProcessGroupConfig {
        processes = List.copyOf(processes);
    }

    public enum GroupType {
        PROGRAM("program"),
        FCGI_PROGRAM("fcgi-program"),
        EVENTLISTENER("eventlistener");

        private final String sectionPrefix;

        GroupType(String sectionPrefix) {
            this.sectionPrefix = sectionPrefix;
        }

        /** The section's prefix in a config file, e.g. {@code fcgi-program}. */
        public String sectionPrefix() {
            return sectionPrefix;
        }
    }

    /**
     * @param events event type names, sorted
     * @param resultHandler as written, e.g. {@code supervisor.dispatchers:default_handler}
     */
    public record EventListenerSettings(int bufferSize, SortedSet<String> events, String resultHandler) {
        public EventListenerSettings {
            events = Collections.unmodifiableSortedSet(new TreeSet<>(events));
        }
    }

    /**
     * @param socket {@code tcp://host:port} or {@code unix:///path} as the reference renders it
     * @param socketMode octal mode as an int, or null when not set
     * @param socketOwner as written, or null
     */
    public record FcgiSocketSettings(String socket, int socketBacklog, Integer socketMode, String socketOwner) {}
}
