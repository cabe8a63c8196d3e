package io.jsupervisor.webui.internal;

import io.jsupervisor.api.process.ProcessInfo;
import io.jsupervisor.api.process.ProcessManager;
import io.jsupervisor.api.process.ProcessState;
import java.util.List;

/**
 * The state of every process as the server-rendered status page shows it. The page's script
 * draws the same table from {@code /api/v1}; {@code status.js} repeats {@link #cssClass} and
 * {@link #actions} so that both agree.
 */
record Snapshot(String identification, String supervisorState, long pid, List<ProcessInfo> processes) {

    static Snapshot of(ProcessManager manager) {
        return new Snapshot(manager.identifier(), manager.state().name(), manager.pid(), manager.allProcessInfo());
    }

    /** The reference's CSS class for a state. */
    static String cssClass(ProcessState state) {
        return switch (state) {
            case RUNNING -> "statusrunning";
            case FATAL, BACKOFF -> "statuserror";
            default -> "statusnominal";
        };
    }

    /** The actions offered for a state, in the reference's order. */
    static List<String> actions(ProcessState state) {
        return switch (state) {
            case RUNNING -> List.of("restart", "stop", "clearlog");
            case STOPPED, EXITED, FATAL -> List.of("start", "clearlog");
            default -> List.of("clearlog");
        };
    }
}
