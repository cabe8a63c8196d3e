package io.jsupervisor.api.process;

import io.jsupervisor.api.config.ProcessGroupConfig;
import io.jsupervisor.api.config.SupervisorConfig;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The running daemon's process manager, registered as a service by the core. Every method may be
 * called from any thread: the engine thread does the work and the caller gets its result (as a
 * {@link CompletionStage} for work that completes later, so no caller thread has to wait).
 * Failures are {@link SupervisorException}s carrying the reference's fault; a stage fails with one.
 *
 * <p>Names: methods on one process take a namespec, {@code name} (a process whose group has the
 * same name) or {@code group:name}; {@code group:*} and a bare group name are for the
 * {@code ...Group} methods, as the RPC interface splits them. Requests that change processes are
 * refused with SHUTDOWN_STATE once the daemon is shutting down or restarting.
 */
@ProviderType
public interface ProcessManager {

    SupervisorState state();

    /** The daemon's pid. */
    long pid();

    /** The [supervisord] identifier. */
    String identifier();

    /** The config the daemon started with (or last restarted with). */
    SupervisorConfig config();

    /**
     * The config last read: the start-up one, or the one {@link #reloadConfig} read since (the
     * reference's process_group_configs, which getAllConfigInfo and addProcessGroup use).
     */
    SupervisorConfig lastReadConfig();

    /** The configs of the groups running now, sorted by priority then name. */
    List<ProcessGroupConfig> activeGroups();

    /** Every process, ordered by group name then process name (the reference's lexical order). */
    List<ProcessInfo> allProcessInfo();

    /** @throws SupervisorException BAD_NAME */
    ProcessInfo processInfo(String namespec);

    /**
     * Start one process. Completes with true once it is RUNNING (when {@code wait}) or spawned.
     * Faults: BAD_NAME, NO_FILE, NOT_EXECUTABLE, ALREADY_STARTED, FAILED (unknown state),
     * SPAWN_ERROR, ABNORMAL_TERMINATION, SHUTDOWN_STATE.
     */
    CompletionStage<Boolean> startProcess(String namespec, boolean wait);

    /** Start every process of a group that is not running, in priority order. BAD_NAME. */
    CompletionStage<List<ProcessResult>> startProcessGroup(String group, boolean wait);

    /** Start every process that is not running, groups and processes in priority order. */
    CompletionStage<List<ProcessResult>> startAllProcesses(boolean wait);

    /**
     * Restart a group's processes {@code batch} at a time, in the group's priority then name order:
     * stop the batch, start it, wait until each of its processes is ready, then the next batch. The
     * roll stops at the first process that does not become ready (it exits, turns FATAL, or is not
     * ready in time); the processes of later batches keep running untouched. Completes with one
     * result per process of the group, in order: SUCCESS for each restarted one, the fault of the one
     * that stopped the roll, FAILED ("not restarted") for those not reached. Faults: BAD_ARGUMENTS
     * ({@code batch < 1}), BAD_NAME, ALREADY_STARTED (a rolling restart of that group is under way),
     * SHUTDOWN_STATE.
     */
    CompletionStage<List<ProcessResult>> rollingRestart(String group, int batch);

    /**
     * What a start of {@code namespec} would start first, in the order it would start them: the
     * processes it depends on ({@code depends_on}, directly or not) that are not ready now, as
     * namespecs. Empty for a process without dependencies. Fault: BAD_NAME.
     */
    List<String> startDependencies(String namespec);

    /** Counters for monitoring: output bytes per process, listener pools' events, log handler backlog. */
    EngineStatistics statistics();

    /** Stop one process; completes when it has stopped (when {@code wait}). NOT_RUNNING, BAD_NAME, FAILED. */
    CompletionStage<Boolean> stopProcess(String namespec, boolean wait);

    /** Stop every running process of a group. BAD_NAME. */
    CompletionStage<List<ProcessResult>> stopProcessGroup(String group, boolean wait);

    /** Stop every running process, groups in reverse priority order. */
    CompletionStage<List<ProcessResult>> stopAllProcesses(boolean wait);

    /** Send a signal (name like {@code HUP}/{@code SIGHUP} or number) to one process. BAD_SIGNAL, NOT_RUNNING, BAD_NAME. */
    CompletionStage<Boolean> signalProcess(String namespec, String signal);

    CompletionStage<List<ProcessResult>> signalProcessGroup(String group, String signal);

    CompletionStage<List<ProcessResult>> signalAllProcesses(String signal);

    /** Write to a process's stdin. BAD_NAME, NOT_RUNNING (no pid, or being killed), NO_FILE (stdin closed). */
    void sendProcessStdin(String namespec, byte[] data);

    /** Truncate a process's stdout and stderr logs (backups stay, as in the reference). BAD_NAME, FAILED. */
    void clearProcessLogs(String namespec);

    /** {@link #clearProcessLogs} for every process, in priority order. */
    List<ProcessResult> clearAllProcessLogs();

    /** The activity log's path, or null when it is not a regular file. */
    String mainLogfile();

    /** Truncate the activity log (clearLog). NO_FILE, FAILED. */
    void clearMainLog();

    /**
     * Reread the config file and compare its groups with the running ones. The new config is
     * remembered for {@link #addProcessGroup}; nothing else changes. CANT_REREAD with the
     * reader's message when the file cannot be used (the running daemon is untouched).
     */
    ReloadResult reloadConfig();

    /** Start managing a group of the last reread config. BAD_NAME, ALREADY_ADDED, SHUTDOWN_STATE. */
    boolean addProcessGroup(String name);

    /** Stop managing a group whose processes are all stopped. BAD_NAME, STILL_RUNNING. */
    boolean removeProcessGroup(String name);

    /** Shut the daemon down, as SIGTERM does. */
    void shutdown();

    /** Restart the daemon in place, as SIGHUP does. */
    void restart();

    /**
     * Shut the daemon down and have its process exit with {@code exitStatus} (a listener ending
     * the daemon because a program failed, say); a shutdown already under way keeps its status.
     *
     * @since 1.1
     */
    void shutdown(int exitStatus);

    /**
     * Raise a REMOTE_COMMUNICATION event: payload {@code type:<type>}, a newline, then
     * {@code data}. Listeners subscribed to it receive it.
     *
     * @since 1.1
     */
    void sendRemoteCommEvent(String type, String data);
}
