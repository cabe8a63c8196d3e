package io.jsupervisor.core.internal.engine;

import io.jsupervisor.core.internal.log.ActivityLog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The daemon's way down: groups are stopped one at a time, highest priority number first, and
 * while any process lives the log says who it waits for, at most every three seconds. Engine
 * thread only.
 */
final class ShutdownSequence {
    private static final long REPORT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(3);

    private final ActivityLog log;
    private boolean begun;
    /** Groups still to stop, by ascending priority: the last is stopped first. */
    private List<GroupRuntime> remaining;
    private long lastReport;

    ShutdownSequence(ActivityLog log) {
        this.log = log;
    }

    boolean begun() {
        return begun;
    }

    /** @param groupsByPriority every group, in ascending priority order */
    void begin(List<GroupRuntime> groupsByPriority) {
        begun = true;
        remaining = new ArrayList<>(groupsByPriority);
    }

    /** Asks the group whose turn it is to stop (again: a process may have restarted meanwhile). */
    void stopCurrentGroup() {
        if (!remaining.isEmpty()) {
            remaining.get(remaining.size() - 1).stopAll();
        }
    }

    /** True once the current group has stopped, and the next one's turn has come. */
    boolean advance() {
        if (remaining.isEmpty() || !remaining.get(remaining.size() - 1).unstopped().isEmpty()) {
            return false;
        }
        remaining.remove(remaining.size() - 1);
        return true;
    }

    /** Says (throttled) which of {@code unstopped} the daemon is waiting for; true when none. */
    boolean allStopped(List<ProcessRuntime> unstopped) {
        if (unstopped.isEmpty()) {
            return true;
        }
        long now = System.nanoTime();
        if (lastReport == 0 || now - lastReport > REPORT_EVERY_NANOS) {
            List<String> names = new ArrayList<>();
            unstopped.forEach(p -> names.add(p.config.name()));
            log.info("waiting for " + String.join(", ", names) + " to die");
            lastReport = now;
            for (ProcessRuntime p : unstopped) {
                log.blather(p.config.name() + " state: " + p.state().name());
            }
        }
        return false;
    }

    /** When the next "waiting for" line is due, or Long.MAX_VALUE before the shutdown began. */
    long nextReport() {
        return begun ? lastReport + REPORT_EVERY_NANOS : Long.MAX_VALUE;
    }
}
