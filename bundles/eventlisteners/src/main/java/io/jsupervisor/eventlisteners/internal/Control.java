package io.jsupervisor.eventlisteners.internal;

import io.jsupervisor.api.config.LogLevel;
import io.jsupervisor.api.process.ProcessInfo;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * What the listeners need of the daemon: the processes, a restart, a shutdown and the activity
 * log. {@link ListenersComponent} backs it with the ProcessManager and DaemonLog services; unit
 * tests use a fake.
 */
interface Control {
    List<ProcessInfo> processes();

    /** Stops the process (waiting for it to stop) then starts it; completes when it is spawned. */
    CompletionStage<?> restart(String namespec);

    void shutdown(int exitStatus);

    void log(LogLevel level, String message);
}
