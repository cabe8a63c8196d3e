package io.jsupervisor.core.internal.engine;

import io.jsupervisor.api.config.ConfigException;
import io.jsupervisor.api.config.ProcessGroupConfig;
import io.jsupervisor.api.config.SupervisorConfig;
import io.jsupervisor.api.event.Event;
import io.jsupervisor.api.event.EventType;
import io.jsupervisor.api.process.Fault;
import io.jsupervisor.api.process.ProcessInfo;
import io.jsupervisor.api.process.ProcessManager;
import io.jsupervisor.api.process.ProcessResult;
import io.jsupervisor.api.process.ProcessState;
import io.jsupervisor.api.process.ReloadResult;
import io.jsupervisor.api.process.Signals;
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
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import jnr.posix.POSIX;

/**
 * The process engine: the {@link ProcessManager} other bundles call, and the pass its
 * {@link EventLoop} runs, like supervisord's main loop but sleeping until the next deadline or
 * message instead of polling each second. Child exits (from the {@link Reaper}), requests and
 * POSIX signals arrive as work on the loop. What it delegates: the groups and pids to
 * {@link ProcessTable}, one-process operations to {@link ProcessCommands}, many-process ones to
 * {@link BatchOperation}, events to {@link EventPublisher}, the way down to
 * {@link ShutdownSequence}.
 */
public final class Engine implements ProcessManager, EventLoop.Body {
    private static final long NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Reads the config file again (reloadConfig); throws with the reader's message. */
    @FunctionalInterface
    public interface ConfigSource {
        SupervisorConfig read() throws ConfigException;
    }

    private final SupervisorConfig config;
    private final ActivityLog log;
    private final POSIX posix;
    private final Reaper reaper;
    private final OutputReactor outputReactor;
    private final EventLoop loop;
    private final ProcessTable table = new ProcessTable();
    private final EventPublisher events;
    private final ProcessCommands commands;
    private final ProcessHost host;
    private final GroupChanges groupChanges;
    private final ShutdownSequence shutdown;
    /**
     * Exits the reaper has seen and the engine has not yet applied: {pid, wait status}. The pass
     * applies them before each process's turn as well as between passes (see applyExits).
     */
    private final Queue<int[]> exits = new ConcurrentLinkedQueue<>();
    private final CompletableFuture<SupervisorState> terminated = new CompletableFuture<>();
    private volatile SupervisorState mood = SupervisorState.RUNNING;
    /** Until released, the loop answers requests but starts nothing (see {@link #release()}). */
    private volatile boolean released;
    private volatile int exitStatus;

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
        this.posix = posix;
        this.loop = new EventLoop("jsupervisor-engine", log, this);
        this.reaper = new Reaper(posix, (pid, status) -> {
            exits.add(new int[] {pid, status});
            loop.post(this::applyExits);
        });
        this.outputReactor = new OutputReactor(log);
        this.events = new EventPublisher(table, bus, log);
        this.host = new ProcessHost(config, log, posix, daemonEnvironment, outputReactor, table, reaper, events, loop);
        this.commands = new ProcessCommands(host.spawner());
        this.groupChanges = new GroupChanges(config, configSource, table, new GroupFactory(config, host, log, posix),
                events);
        this.shutdown = new ShutdownSequence(log);
        loop.finished().whenComplete((v, failure) -> {
            if (failure == null) {
                terminated.complete(mood);
            } else if (failure instanceof InterruptedException) {
                terminated.complete(SupervisorState.SHUTDOWN);
            } else {
                terminated.completeExceptionally(failure);
            }
        });
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
        loop.start();
    }

    /**
     * Lets the loop start processes. The daemon releases the engine once its HTTP servers are
     * open and the pidfile is written, the order in which the reference comes up.
     */
    public void release() {
        loop.post(() -> {
            released = true;
            publish(EventPayloads.supervisorState(EventType.SUPERVISOR_STATE_CHANGE_RUNNING));
        });
    }

    /** Completes with SHUTDOWN or RESTARTING once every process has stopped and the loop ended. */
    public CompletionStage<SupervisorState> termination() {
        return terminated;
    }

    // ---- the pass --------------------------------------------------------------------------

    @Override
    public void begin() {
        // No signal mask to clear here: the spawner gives each child an empty one. This thread
        // must keep the mask it inherited (bin/supervisord blocks the daemon's signals in every
        // thread, and an unblocked one here would let SIGTERM end the JVM before it stops anything).
        if (!ChildSignals.ignorePipeAndFileSizeSignals()) {
            log.warn("could not ignore SIGPIPE and SIGXFSZ: children will start with their default actions");
        }
    }

    @Override
    public long pass() {
        boolean shuttingDown = mood.code() < SupervisorState.RUNNING.code();
        if (shuttingDown) {
            if (!shutdown.begun()) {
                publish(EventPayloads.supervisorState(EventType.SUPERVISOR_STATE_CHANGE_STOPPING));
                shutdown.begin(table.byPriority());
            }
            shutdown.stopCurrentGroup();
            if (shutdown.allStopped(table.unstopped())) {
                return END;
            }
        }
        for (GroupRuntime g : table.byPriority()) {
            g.transition(mood == SupervisorState.RUNNING && released, this::applyExits);
        }
        events.tick();
        for (ProcessRuntime p : table.all()) {
            if (p.hasStopWaiters()) {
                p.stopReport(); // throttled: at most every 2 s per process
            }
        }
        // Events raised in this pass after a pool's own turn (a later group's timed transition,
        // a tick) go out now: nothing else may wake the loop for hours.
        events.dispatchPools();
        table.all().forEach(ProcessRuntime::settleWaiters);
        boolean nextGroupsTurn = shuttingDown && shutdown.advance();
        return nextGroupsTurn ? System.nanoTime() : nextDeadline();
    }

    @Override
    public void ended() {
        reaper.stop();
        outputReactor.endWhenIdle();
    }

    @Override
    public void failed(Throwable t) {
        if (t instanceof InterruptedException) {
            return;
        }
        log.critical("engine failed: " + t);
        // Without the engine nobody would ever stop the children: take them down with us.
        for (int pid : table.livePids()) {
            posix.kill(-pid, Signals.number("TERM"));
        }
        mood = SupervisorState.SHUTDOWN;
        outputReactor.endWhenIdle();
    }

    private long nextDeadline() {
        long now = System.nanoTime();
        long next = now + 3600 * NANOS;
        for (ProcessRuntime p : table.all()) {
            long d = p.nextDeadline();
            if (d == Long.MIN_VALUE) {
                return now;
            }
            if (d != Long.MAX_VALUE && d - next < 0) {
                next = d;
            }
            if (p.hasStopWaiters()) {
                // the next "waiting for" line; the report itself runs in the pass (never due here)
                long report = p.state == ProcessState.STOPPING ? p.nextStopReport() : now + 2 * NANOS;
                next = Math.min(next, report - now > 0 ? report : now + 2 * NANOS);
            }
        }
        next = Math.min(next, shutdown.nextReport());
        return Math.min(next, events.nextTickDeadline(now));
    }

    /**
     * Applies the exits reaped so far, in the order they happened. The pass calls this before
     * each process's turn: spawning takes time, and when a pass over many crash-looping programs
     * lasts longer than they live, a program late in the pass that has already exited again must
     * be seen as exited on its turn. Exits applied only between passes let the programs early in
     * the order restart on every pass and those late in it on every other one (twice the
     * restarts for the same settings).
     */
    private void applyExits() {
        int[] exit;
        while ((exit = exits.poll()) != null) {
            reaped(exit[0], exit[1]);
        }
    }

    private void reaped(int pid, int status) {
        // the reference's line for the signal; no handler runs for SIGCHLD here (see Reaper)
        log.debug("received SIGCHLD indicating a child quit");
        ProcessRuntime process = table.childExited(pid);
        if (process == null) {
            log.info("reaped unknown pid " + pid + " (" + WaitStatus.decode(status).description() + ")");
            return;
        }
        process.finish(status);
        for (ProcessRuntime p : table.all()) {
            if (p.hasStopWaiters()) {
                p.stopReport();
            }
        }
    }

    // ---- signals ---------------------------------------------------------------------------

    /** A POSIX signal the daemon received; may be called from any thread. */
    public void onSignal(String name) {
        loop.post(() -> handleSignal(name));
    }

    private void handleSignal(String name) {
        String signame = "SIG" + name;
        switch (name) {
            case "TERM":
            case "INT":
            case "QUIT":
                log.warn("received " + signame + " indicating exit request");
                mood = SupervisorState.SHUTDOWN;
                break;
            case "HUP":
                if (mood == SupervisorState.SHUTDOWN) {
                    log.warn("ignored " + signame + " indicating restart request (shutdown in progress)");
                } else {
                    log.warn("received " + signame + " indicating restart request");
                    mood = SupervisorState.RESTARTING;
                }
                break;
            case "CHLD":
                log.debug("received " + signame + " indicating a child quit");
                break;
            case "USR2":
                log.info("received " + signame + " indicating log reopen request");
                log.reopen();
                table.all().forEach(ProcessRuntime::reopenLogs);
                break;
            default:
                log.blather("received " + signame + " indicating nothing");
        }
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
            requireRunning();
            return work.get();
        });
    }

    /** As {@link #change}, for a request answered at once: the caller waits for its value. */
    private <T> T changeNow(Supplier<T> work) {
        return loop.callNow(() -> {
            requireRunning();
            return work.get();
        });
    }

    private void requireRunning() {
        if (mood.code() < SupervisorState.RUNNING.code()) {
            throw new SupervisorException(Fault.SHUTDOWN_STATE, null);
        }
    }

    @Override
    public SupervisorState state() {
        return mood;
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
    public CompletionStage<Boolean> startProcess(String namespec, boolean wait) {
        return change(() -> commands.start(table.process(namespec), wait));
    }

    @Override
    public CompletionStage<List<ProcessResult>> startProcessGroup(String group, boolean wait) {
        return change(() -> BatchOperation.apply(loop, ProcessTable.byPriority(table.group(group)),
                ProcessCommands::isNotRunning, p -> commands.start(p, wait)));
    }

    @Override
    public CompletionStage<List<ProcessResult>> startAllProcesses(boolean wait) {
        return change(() -> BatchOperation.apply(loop, table.allByPriority(), ProcessCommands::isNotRunning,
                p -> commands.start(p, wait)));
    }

    @Override
    public CompletionStage<Boolean> stopProcess(String namespec, boolean wait) {
        return change(() -> commands.stop(table.process(namespec), wait, false));
    }

    @Override
    public CompletionStage<List<ProcessResult>> stopProcessGroup(String group, boolean wait) {
        return change(() -> BatchOperation.apply(loop, ProcessTable.byPriority(table.group(group)),
                ProcessCommands::isRunning, p -> commands.stop(p, wait, true)));
    }

    @Override
    public CompletionStage<List<ProcessResult>> stopAllProcesses(boolean wait) {
        // Ascending, as the reference's stopAllProcesses (only shutdown goes in reverse).
        return change(() -> BatchOperation.apply(loop, table.allByPriority(), ProcessCommands::isRunning,
                p -> commands.stop(p, wait, true)));
    }

    @Override
    public CompletionStage<Boolean> signalProcess(String namespec, String signal) {
        return change(() -> commands.signal(table.process(namespec), ProcessCommands.signalNumber(signal)));
    }

    @Override
    public CompletionStage<List<ProcessResult>> signalProcessGroup(String group, String signal) {
        return change(() -> BatchOperation.apply(loop, ProcessTable.byPriority(table.group(group)),
                ProcessCommands::isSignallable, p -> commands.signal(p, ProcessCommands.signalNumber(signal))));
    }

    @Override
    public CompletionStage<List<ProcessResult>> signalAllProcesses(String signal) {
        return change(() -> BatchOperation.apply(loop, table.allByPriority(), ProcessCommands::isSignallable,
                p -> commands.signal(p, ProcessCommands.signalNumber(signal))));
    }

    @Override
    public void sendProcessStdin(String namespec, byte[] data) {
        changeNow(() -> {
            table.process(namespec).sendStdin(data);
            return true;
        });
    }

    @Override
    public void clearProcessLogs(String namespec) {
        changeNow(() -> {
            commands.clearLogs(table.process(namespec));
            return true;
        });
    }

    @Override
    public List<ProcessResult> clearAllProcessLogs() {
        return changeNow(() -> {
            List<ProcessResult> results = new ArrayList<>();
            for (ProcessRuntime p : table.allByPriority()) {
                try {
                    commands.clearLogs(p);
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
        loop.post(() -> mood = SupervisorState.SHUTDOWN);
    }

    @Override
    public void shutdown(int status) {
        loop.post(() -> {
            if (mood != SupervisorState.SHUTDOWN) {
                exitStatus = status;
            }
            mood = SupervisorState.SHUTDOWN;
        });
    }

    /** The status the daemon should exit with: 0, or what {@link #shutdown(int)} asked for. */
    public int exitStatus() {
        return exitStatus;
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
        loop.post(() -> mood = SupervisorState.RESTARTING);
    }

    /** For tests: wait until every pump of this process has written what the child wrote. */
    void awaitOutput(String namespec, long millis) throws InterruptedException {
        ProcessRuntime p = loop.callNow(() -> table.process(namespec));
        p.awaitOutputDrained(millis);
    }
}
