package io.jsupervisor.core.internal.engine;

import io.jsupervisor.api.event.Event;
import io.jsupervisor.api.event.EventType;
import io.jsupervisor.core.internal.log.ActivityLog;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * jsupervisor's {@code critical = true}: when such a program goes FATAL or exits with a status
 * its {@code exitcodes} do not list, the daemon logs why and shuts down with the program's
 * {@code critical_exit_status}, so that a container whose main process is the daemon ends and
 * its orchestrator sees the failure. Engine thread only.
 */
final class CriticalPrograms {
    private final ActivityLog log;
    private final IntConsumer shutDown;
    private final Consumer<Runnable> post;
    /** Once one critical program has ended the daemon, later failures on the way down are noise. */
    private boolean fired;

    /**
     * @param shutDown begins the way down with the given exit status
     * @param post runs work on the engine's loop after the current task (and a pass after it)
     */
    CriticalPrograms(ActivityLog log, IntConsumer shutDown, Consumer<Runnable> post) {
        this.log = log;
        this.shutDown = shutDown;
        this.post = post;
    }

    /** {@code process} changed state, as {@code event} reports. */
    void stateChanged(ProcessRuntime process, Event event) {
        Integer status = process.config.critical();
        if (status == null || fired) {
            return;
        }
        String why = failure(event);
        if (why == null) {
            return;
        }
        fired = true;
        // The mood changes at once, so that nothing later in this pass restarts the program; the
        // line is written after the one that says what happened ("exited: ...", "gave up: ..."),
        // and the posted task makes the loop run the pass that begins the way down.
        shutDown.accept(status);
        String namespec = process.namespec();
        post.accept(() -> log.critical("critical program " + namespec + " " + why
                + ": shutting down with exit status " + status));
    }

    /** What failed, as the activity log says it, or null for a change that is no failure. */
    static String failure(Event event) {
        if (event.type() == EventType.PROCESS_STATE_FATAL) {
            return "is FATAL";
        }
        if (event.type() == EventType.PROCESS_STATE_EXITED && "0".equals(event.field("expected"))) {
            return "exited unexpectedly";
        }
        return null;
    }
}
