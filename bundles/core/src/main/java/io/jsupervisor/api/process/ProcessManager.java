package io.jsupervisor.api.process;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The running daemon's process manager, registered as a service by the core. Every method may be
 * called from any thread: the engine thread does the work and the caller gets its result.
 * Names take the forms the reference accepts: {@code name}, {@code group:name}; a group's name
 * alone names the group where a method says so.
 */
public interface ProcessManager {

    SupervisorState state();

    /** The daemon's pid. */
    long pid();

    /** The [supervisord] identifier. */
    String identifier();

    /** Every process, ordered by group then process name as the reference lists them. */
    List<ProcessInfo> allProcessInfo();

    /** @throws SupervisorException BAD_NAME */
    ProcessInfo processInfo(String namespec);

    /**
     * Start one process. The stage completes with true once it is RUNNING (when {@code wait}) or
     * spawned; it fails with a {@link SupervisorException}: BAD_NAME, NO_FILE, NOT_EXECUTABLE,
     * ALREADY_STARTED, SPAWN_ERROR, ABNORMAL_TERMINATION, SHUTDOWN_STATE.
     */
    CompletionStage<Boolean> startProcess(String namespec, boolean wait);

    /** Stop one process; completes when it is stopped (when {@code wait}). NOT_RUNNING, BAD_NAME. */
    CompletionStage<Boolean> stopProcess(String namespec, boolean wait);

    /** Send a signal to one process. BAD_SIGNAL, NOT_RUNNING, BAD_NAME. */
    CompletionStage<Boolean> signalProcess(String namespec, String signal);

    /** Shut the daemon down, as SIGTERM does. */
    void shutdown();

    /** Restart the daemon in place, as SIGHUP does. */
    void restart();
}
