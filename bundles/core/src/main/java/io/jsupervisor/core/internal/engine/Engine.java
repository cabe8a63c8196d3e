package io.jsupervisor.core.internal.engine;

import io.jsupervisor.api.config.ConfigException;
import io.jsupervisor.api.config.ProcessGroupConfig;
import io.jsupervisor.api.config.SupervisorConfig;
import io.jsupervisor.api.event.Event;
import io.jsupervisor.api.process.Fault;
import io.jsupervisor.api.process.EngineStatistics;
import io.jsupervisor.api.process.ProcessInfo;
import io.jsupervisor.api.process.ProcessManager;
import io.jsupervisor.api.process.ProcessResult;
import io.jsupervisor.api.process.ReloadResult;
import io.jsupervisor.api.process.SupervisorException;
import io.jsupervisor.api.process.SupervisorState;
import io.jsupervisor.core.internal.event.EventBus;
import io.jsupervisor.core.internal.log.ActivityLog;
import io.jsupervisor.core.internal.log.LogHandlers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import jnr.posix.POSIX;

/**
 * The process engine as other bundles see it: the {@link ProcessManager} they call and the
 * daemon's handle on its lifecycle. One thread, the {@link EventLoop}'s, owns every process; it
 * runs the {@link Supervision} pass, like supervisord's main loop but sleeping until the next
 * deadline or message instead of polling each second. Child exits (from the {@link Reaper}),
 * requests and POSIX signals arrive as work on that loop. This class only routes: the groups
 * and pids are in {@link ProcessTable}, one-process operations in {@link ProcessCommands},
 * many-process ones in {@link BatchOperation}, rolling restarts in {@link RollingRestarts},
 * config changes in {@link GroupChanges}, events in {@link EventPublisher}.
 */
public final class Engine implements ProcessManager {
    /** Reads the config file again (reloadConfig); throws with the reader's message. */
    @FunctionalInterface
    public interface ConfigSource {
        SupervisorConfig read() throws ConfigException;
    }

    private final SupervisorConfig config;
    private final ActivityLog log;
    private final Reaper reaper;
    private final EventLoop loop;
    private final ProcessTable table = new ProcessTable();
    private final EventPublisher events;
    private final ProcessCommands commands;
    private final ProcessHost host;
    private final GroupChanges groupChanges;
    private final Supervision supervision;
    private final RollingRestarts rollingRestarts;
    private final CompletableFuture<SupervisorState> terminated = new CompletableFuture<>();

    /**
     * @param daemonEnvironment the environment children inherit (the daemon's own)
     */
    public Engine(SupervisorConfig config, ConfigSource configSource, ActivityLog log, POSIX posix,
            Map<String, String> daemonEnvironment) {
        this(config, configSource, log, posix, daemonEnvironment, new EventBus());
    }

    /** @param bus where events go for the in-JVM listeners (it outlives a restart) */
    public Engine(SupervisorConfig config, ConfigSource configSource, ActivityLog log, POSIX posix,
            Map<String, String> daemonEnvironment, EventBus bus) {
        this.config = config;
        this.log = log;
        this.events = new EventPublisher(table, bus, log);
        OutputReactor outputReactor = new OutputReactor(log);
        this.loop = new EventLoop("jsupervisor-engine", log);
        this.reaper = new Reaper(posix, this::childExited);
        this.supervision = new Supervision(log, posix, table, events, reaper, outputReactor,
                config.supervisord().containerMode());
        this.host = new ProcessHost(config, log, posix, daemonEnvironment, outputReactor, table, reaper, events, loop,
                status -> supervision.shutDown(status));
        this.commands = new ProcessCommands(host.spawner(), host.dependencies(), log);
        this.groupChanges = new GroupChanges(config, configSource, table, new GroupFactory(config, host, log, posix),
                events);
        this.rollingRestarts = new RollingRestarts(table, commands, loop, log, supervision::requireRunning);
        loop.finished().whenComplete((v, failure) -> {
            host.shutdown();
            if (failure == null) {
                terminated.complete(supervision.mood());
            } else if (failure instanceof InterruptedException) {
                terminated.complete(SupervisorState.SHUTDOWN);
            } else {
                terminated.completeExceptionally(failure);
            }
        });
    }

    /** The reaper's report of a child's exit (its thread): applied by the next pass, or at once. */
    private void childExited(int pid, int status) {
        supervision.exitReaped(pid, status);
        loop.post(supervision::applyExits);
    }

    /** The activity log the engine writes. */
    public ActivityLog log() {
        return log;
    }

    /** Told of every state change on the engine thread, in order; it must return at once. */
    public void addListener(ProcessStateListener listener) {
        events.addObserver(listener);
    }

    /** Builds the groups (creating AUTO log files) and starts the loop; autostart follows. */
    public void start() throws IOException {
        for (ProcessGroupConfig gc : config.groups()) {
            groupChanges.add(gc);
        }
        reaper.start();
        loop.start(supervision);
    }

    /**
     * Lets the loop start processes. The daemon releases the engine once its HTTP servers are
     * open and the pidfile is written, the order in which the reference comes up.
     */
    public void release() {
        loop.post(supervision::release);
    }

    /**
     * Completes once the engine has made a pass after {@link #release()}, the pass that spawns the
     * autostart programs (what a service manager's READY should follow).
     */
    public CompletionStage<Void> releasedPass() {
        return supervision.releasedPass();
    }

    /** Completes with SHUTDOWN or RESTARTING once every process has stopped and the loop ended. */
    public CompletionStage<SupervisorState> termination() {
        return terminated;
    }

    /** A POSIX signal the daemon received; may be called from any thread. */
    public void onSignal(String name) {
        loop.post(() -> supervision.handleSignal(name));
    }

    /** The bundles' log handlers (syslog...), for child output; set before {@link #start()}. */
    public void setLogHandlers(LogHandlers handlers) {
        host.setLogHandlers(handlers);
    }

    private void publish(Event event) {
        events.publish(event);
    }

    // ---- ProcessManager --------------------------------------------------------------------

    /** Runs a request that changes something: refused with SHUTDOWN_STATE once shutdown began. */
    private <T> CompletionStage<T> change(Supplier<CompletableFuture<T>> work) {
        return loop.call(() -> {
            supervision.requireRunning();
            return work.get();
        });
    }

    /** As {@link #change}, for a request answered at once: the caller waits for its value. */
    private <T> T changeNow(Supplier<T> work) {
        return loop.callNow(() -> {
            supervision.requireRunning();
            return work.get();
        });
    }

    @Override
    public SupervisorState state() {
        return supervision.mood();
    }

    @Override
    public long pid() {
        return ProcessHandle.current().pid();
    }

    @Override
    public String identifier() {
        return config.supervisord().identifier();
    }

    @Override
    public EngineStatistics statistics() {
        return loop.callNow(() -> {
            List<ProcessRuntime> all = table.all();
            all.sort(Comparator.<ProcessRuntime, String>comparing(p -> p.groupName).thenComparing(p -> p.config.name()));
            List<EngineStatistics.ProcessOutput> output = new ArrayList<>(all.size());
            for (ProcessRuntime p : all) {
                output.add(new EngineStatistics.ProcessOutput(p.groupName, p.config.name(), p.outputBytes(false),
                        p.outputBytes(true)));
            }
            List<EngineStatistics.PoolEvents> pools = table.pools().stream().map(ListenerPool::statistics).toList();
            LogHandlers handlers = host.logHandlers();
            return new EngineStatistics(output, pools, handlers == null ? 0 : handlers.queued(),
                    handlers == null ? 0 : handlers.droppedTotal());
        });
    }

    @Override
    public List<ProcessInfo> allProcessInfo() {
        return loop.callNow(() -> {
            long now = System.currentTimeMillis() / 1000;
            List<ProcessRuntime> all = table.all();
            all.sort(Comparator.<ProcessRuntime, String>comparing(p -> p.groupName).thenComparing(p -> p.config.name()));
            List<ProcessInfo> infos = new ArrayList<>(all.size());
            all.forEach(p -> infos.add(p.info(now)));
            return infos;
        });
    }

    @Override
    public ProcessInfo processInfo(String namespec) {
        return loop.callNow(() -> table.process(namespec).info(System.currentTimeMillis() / 1000));
    }

    @Override
    public List<String> startDependencies(String namespec) {
        return loop.callNow(() -> host.dependencies().closure(table.process(namespec)).stream()
                .filter(p -> !p.isReady()).map(ProcessRuntime::namespec).toList());
    }

    @Override
    public CompletionStage<Boolean> startProcess(String namespec, boolean wait) {
        return change(() -> commands.start(table.process(namespec), wait, namespec));
    }

    @Override
    public CompletionStage<List<ProcessResult>> startProcessGroup(String group, boolean wait) {
        return change(() -> BatchOperation.apply(loop, ProcessTable.byPriority(table.group(group)),
                ProcessCommands::isNotRunning, p -> commands.start(p, wait, p.namespec())));
    }

    @Override
    public CompletionStage<List<ProcessResult>> startAllProcesses(boolean wait) {
        return change(() -> BatchOperation.apply(loop, table.allByPriority(), ProcessCommands::isNotRunning,
                p -> commands.start(p, wait, p.namespec())));
    }

    @Override
    public CompletionStage<Boolean> stopProcess(String namespec, boolean wait) {
        return change(() -> commands.stop(table.process(namespec), wait, false, namespec));
    }

    @Override
    public CompletionStage<List<ProcessResult>> stopProcessGroup(String group, boolean wait) {
        return change(() -> BatchOperation.apply(loop, ProcessTable.byPriority(table.group(group)),
                ProcessCommands::isRunning, p -> commands.stop(p, wait, true, p.namespec())));
    }

    @Override
    public CompletionStage<List<ProcessResult>> stopAllProcesses(boolean wait) {
        // Ascending, as the reference's stopAllProcesses (only shutdown goes in reverse).
        return change(() -> BatchOperation.apply(loop, table.allByPriority(), ProcessCommands::isRunning,
                p -> commands.stop(p, wait, true, p.namespec())));
    }

    @Override
    public CompletionStage<List<ProcessResult>> rollingRestart(String group, int batch) {
        return change(() -> rollingRestarts.start(group, batch));
    }

    @Override
    public CompletionStage<Boolean> signalProcess(String namespec, String signal) {
        return change(() -> commands.signal(table.process(namespec), ProcessCommands.signalNumber(signal),
                namespec));
    }

    @Override
    public CompletionStage<List<ProcessResult>> signalProcessGroup(String group, String signal) {
        return change(() -> BatchOperation.apply(loop, ProcessTable.byPriority(table.group(group)),
                ProcessCommands::isSignallable,
                p -> commands.signal(p, ProcessCommands.signalNumber(signal), p.namespec())));
    }

    @Override
    public CompletionStage<List<ProcessResult>> signalAllProcesses(String signal) {
        return change(() -> BatchOperation.apply(loop, table.allByPriority(), ProcessCommands::isSignallable,
                p -> commands.signal(p, ProcessCommands.signalNumber(signal), p.namespec())));
    }

    @Override
    public void sendProcessStdin(String namespec, byte[] data) {
        changeNow(() -> {
            table.process(namespec).sendStdin(data, namespec);
            return true;
        });
    }

    @Override
    public void clearProcessLogs(String namespec) {
        changeNow(() -> {
            commands.clearLogs(table.process(namespec), namespec);
            return true;
        });
    }

    @Override
    public List<ProcessResult> clearAllProcessLogs() {
        return changeNow(() -> {
            List<ProcessResult> results = new ArrayList<>();
            for (ProcessRuntime p : table.allByPriority()) {
                try {
                    commands.clearLogs(p, p.namespec());
                    results.add(ProcessResult.ok(p.config.name(), p.groupName));
                } catch (SupervisorException e) {
                    results.add(ProcessResult.failed(p.config.name(), p.groupName, e));
                }
            }
            return results;
        });
    }

    @Override
    public String mainLogfile() {
        String file = log.logfile();
        return file != null && Files.isRegularFile(Path.of(file)) ? file : null;
    }

    @Override
    public void clearMainLog() {
        changeNow(() -> {
            String file = log.logfile();
            if (file == null || !Files.exists(Path.of(file))) {
                throw new SupervisorException(Fault.NO_FILE, null);
            }
            try {
                Files.delete(Path.of(file));
            } catch (IOException e) {
                throw new SupervisorException(Fault.FAILED, null);
            }
            log.info("reopening log file");
            log.reopen();
            return true;
        });
    }

    @Override
    public ReloadResult reloadConfig() {
        return changeNow(groupChanges::reread);
    }

    @Override
    public boolean addProcessGroup(String name) {
        return changeNow(() -> groupChanges.add(name));
    }

    @Override
    public boolean removeProcessGroup(String name) {
        return changeNow(() -> groupChanges.remove(name));
    }

    @Override
    public SupervisorConfig config() {
        return config;
    }

    @Override
    public SupervisorConfig lastReadConfig() {
        return loop.callNow(groupChanges::latest);
    }

    @Override
    public List<ProcessGroupConfig> activeGroups() {
        return loop.callNow(() -> table.byPriority().stream().map(g -> g.config).toList());
    }

    @Override
    public void shutdown() {
        loop.post(supervision::shutDown);
    }

    @Override
    public void shutdown(int status) {
        loop.post(() -> supervision.shutDown(status));
    }

    /** The status the daemon should exit with: 0, or what {@link #shutdown(int)} asked for. */
    public int exitStatus() {
        return supervision.exitStatus();
    }

    @Override
    public void sendRemoteCommEvent(String type, String data) {
        loop.callNow(() -> {
            publish(EventPayloads.remoteCommunication(type, data));
            return true;
        });
    }

    @Override
    public void restart() {
        loop.post(supervision::restart);
    }

    /** For tests: wait until every pump of this process has written what the child wrote. */
    void awaitOutput(String namespec, long millis) throws InterruptedException {
        ProcessRuntime p = loop.callNow(() -> table.process(namespec));
        p.awaitOutputDrained(millis);
    }
}
