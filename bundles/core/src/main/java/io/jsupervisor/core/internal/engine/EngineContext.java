package io.jsupervisor.core.internal.engine;

import io.jsupervisor.api.process.ProcessState;
import io.jsupervisor.core.internal.log.ActivityLog;
import java.util.List;

/** What a {@link ProcessRuntime} needs from the engine that owns it. Engine thread only. */
interface EngineContext {
    ActivityLog log();

    Spawner spawner();

    long nanoTime();

    long wallSeconds();

    boolean stripAnsi();

    /** The full environment for a child: the daemon's, SUPERVISOR_*, then the process's own. */
    List<String> childEnvironment(ProcessRuntime process);

    void registerPid(int pid, ProcessRuntime process);

    /** Reads the child pipes. */
    OutputReactor outputReactor();

    /** close(2), for a descriptor nobody else took. */
    void closeDescriptor(int fd);

    /** kill(2); returns 0, or the errno it failed with (returned, not kept, so no later call can misread it). */
    int kill(int pid, int signal);

    /** True if {@code errno} (from {@link #kill}) says the process is already gone. */
    boolean isNoSuchProcess(int errno);

    /** A process changed state; {@code event} is its PROCESS_STATE_* event. Engine thread only. */
    void stateChanged(ProcessRuntime process, ProcessState previous, io.jsupervisor.api.event.Event event);

    /** Raises an event to the listener pools and the in-JVM listeners. Engine thread only. */
    void publish(io.jsupervisor.api.event.Event event);

    /** The bundles' log handlers, or null. */
    io.jsupervisor.core.internal.log.LogHandlers logHandlers();

    /** Runs work on the engine thread; any thread may call it. */
    void post(Runnable work);

    /** The first process {@code process} depends on that is not ready, or null (see {@link Dependencies}). */
    ProcessRuntime unreadyDependency(ProcessRuntime process);

    /** Whether any process has {@code depends_on} (else readiness holds nothing back). */
    boolean anyDependencies();

    /** Where {@code tcp:}, {@code http:} and {@code exec:} ready checks run. */
    ReadyProbes readyProbes();

    /** The daemon's cgroups, for the processes with jsupervisor's cgroup options. */
    Cgroups cgroups();
}
