package io.jsupervisor.core.internal.engine;

import io.jsupervisor.api.config.ProcessGroupConfig;
import io.jsupervisor.api.process.ProcessState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A process group: its processes in config order. Engine thread only. */
final class GroupRuntime {
    final ProcessGroupConfig config;
    final Map<String, ProcessRuntime> processes = new LinkedHashMap<>();
    /** For an [eventlistener:x] group: its event buffer and dispatch; else null. */
    ListenerPool pool;
    /** For an [fcgi-program:x] group: the socket its processes share; else null. */
    FcgiSocket fcgiSocket;

    GroupRuntime(ProcessGroupConfig config) {
        this.config = config;
    }

    /** @param applyExits run before each process's turn, so that it sees its child's latest exit */
    void transition(boolean startsAllowed, Runnable applyExits) {
        for (ProcessRuntime p : processes.values()) {
            applyExits.run();
            p.transition(startsAllowed);
        }
        if (pool != null) {
            pool.dispatch();
        }
    }

    /** Stop in descending priority order; a process still retrying is given up. */
    void stopAll() {
        List<ProcessRuntime> ordered = new ArrayList<>(processes.values());
        ordered.sort(Comparator.comparingInt(p -> p.config.priority()));
        Collections.reverse(ordered);
        for (ProcessRuntime p : ordered) {
            if (p.state() == ProcessState.RUNNING || p.state() == ProcessState.STARTING) {
                p.stop();
            } else if (p.state() == ProcessState.BACKOFF) {
                p.giveUp();
            }
        }
    }

    List<ProcessRuntime> unstopped() {
        List<ProcessRuntime> list = new ArrayList<>();
        for (ProcessRuntime p : processes.values()) {
            if (!ProcessState.STOPPED_STATES.contains(p.state())) {
                list.add(p);
            }
        }
        return list;
    }
}
