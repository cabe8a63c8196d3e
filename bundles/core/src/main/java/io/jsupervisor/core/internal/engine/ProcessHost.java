package io.jsupervisor.core.internal.engine;

import io.jsupervisor.api.config.SupervisorConfig;
import io.jsupervisor.api.event.Event;
import io.jsupervisor.api.process.ProcessState;
import io.jsupervisor.core.internal.log.ActivityLog;
import io.jsupervisor.core.internal.log.LogHandlers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import jnr.constants.platform.Errno;
import jnr.posix.POSIX;

/** The engine's side of {@link EngineContext}: what each process reaches through it. */
final class ProcessHost implements EngineContext {
    private final SupervisorConfig config;
    private final ActivityLog log;
    private final POSIX posix;
    private final Map<String, String> daemonEnvironment;
    private final Spawner spawner;
    private final OutputReactor outputReactor;
    private final ProcessTable table;
    private final Reaper reaper;
    private final EventPublisher events;
    private final EventLoop loop;
    private volatile LogHandlers logHandlers;
    private final Dependencies dependencies;
    private final ReadyProbes readyProbes = new ReadyProbes();
    private final Cgroups cgroups;
    private final CriticalPrograms criticalPrograms;

    /**
     * @param daemonEnvironment the environment children inherit (the daemon's own)
     * @param shutDown begins the daemon's way down with an exit status (a critical program failed)
     */
    ProcessHost(SupervisorConfig config, ActivityLog log, POSIX posix, Map<String, String> daemonEnvironment,
            OutputReactor outputReactor, ProcessTable table, Reaper reaper, EventPublisher events, EventLoop loop,
            IntConsumer shutDown) {
        this.config = config;
        this.log = log;
        this.posix = posix;
        this.daemonEnvironment = new LinkedHashMap<>(daemonEnvironment);
        this.spawner = new Spawner(posix, daemonEnvironment);
        this.outputReactor = outputReactor;
        this.table = table;
        this.reaper = reaper;
        this.events = events;
        this.loop = loop;
        this.dependencies = new Dependencies(table);
        this.cgroups = new Cgroups(log, loop);
        this.criticalPrograms = new CriticalPrograms(log, shutDown, loop::post);
    }

    Dependencies dependencies() {
        return dependencies;
    }

    /** Ends the ready checks' threads and removes the cgroups (the engine is going away). */
    void shutdown() {
        readyProbes.shutdown();
        cgroups.close();
    }

    void setLogHandlers(LogHandlers handlers) {
        this.logHandlers = handlers;
    }

    @Override
    public ActivityLog log() {
        return log;
    }

    @Override
    public Spawner spawner() {
        return spawner;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public long wallSeconds() {
        return System.currentTimeMillis() / 1000;
    }

    @Override
    public boolean stripAnsi() {
        return config.supervisord().stripAnsi();
    }

    @Override
    public List<String> childEnvironment(ProcessRuntime process) {
        Map<String, String> env = new LinkedHashMap<>(daemonEnvironment);
        env.putAll(supervisorVariables(process));
        env.putAll(process.config.environment());
        List<String> list = new ArrayList<>(env.size());
        env.forEach((k, v) -> list.add(k + "=" + v));
        return list;
    }

    /** What SUPERVISOR_* the child sees, in the reference's order. */
    private Map<String, String> supervisorVariables(ProcessRuntime process) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("SUPERVISOR_ENABLED", "1");
        String url = process.config.serverurl() != null ? process.config.serverurl() : config.serverUrl();
        if (url != null && !url.isEmpty()) {
            vars.put("SUPERVISOR_SERVER_URL", url);
        }
        vars.put("SUPERVISOR_PROCESS_NAME", process.config.name());
        vars.put("SUPERVISOR_GROUP_NAME", process.groupName);
        return vars;
    }

    @Override
    public OutputReactor outputReactor() {
        return outputReactor;
    }

    @Override
    public void closeDescriptor(int fd) {
        posix.close(fd);
    }

    @Override
    public void registerPid(int pid, ProcessRuntime process) {
        table.childSpawned(pid, process);
        reaper.childSpawned(pid);
    }

    @Override
    public int kill(int pid, int signal) {
        return posix.kill(pid, signal) == 0 ? 0 : posix.errno();
    }

    @Override
    public boolean isNoSuchProcess(int errno) {
        return errno == Errno.ESRCH.intValue();
    }

    @Override
    public void stateChanged(ProcessRuntime process, ProcessState previous, Event event) {
        events.stateChanged(process, previous, event, wallSeconds());
        criticalPrograms.stateChanged(process, event);
    }

    @Override
    public void publish(Event event) {
        events.publish(event);
    }

    @Override
    public LogHandlers logHandlers() {
        return logHandlers;
    }

    @Override
    public void post(Runnable work) {
        loop.post(work);
    }

    @Override
    public ProcessRuntime unreadyDependency(ProcessRuntime process) {
        return dependencies.firstUnready(process);
    }

    @Override
    public boolean anyDependencies() {
        return dependencies.anyDeclared();
    }

    @Override
    public ReadyProbes readyProbes() {
        return readyProbes;
    }

    @Override
    public Cgroups cgroups() {
        return cgroups;
    }
}
