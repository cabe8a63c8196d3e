package io.jsupervisor.core.internal.engine;

import io.jsupervisor.api.config.ConfigException;
import io.jsupervisor.api.config.LogStreamConfig;
import io.jsupervisor.api.config.ProcessConfig;
import io.jsupervisor.api.config.ProcessGroupConfig;
import io.jsupervisor.api.config.SupervisorConfig;
import io.jsupervisor.api.process.Fault;
import io.jsupervisor.api.process.ProcessInfo;
import io.jsupervisor.api.process.ProcessManager;
import io.jsupervisor.api.process.ProcessResult;
import io.jsupervisor.api.process.ReloadResult;
import io.jsupervisor.api.process.ProcessState;
import io.jsupervisor.api.process.Signals;
import io.jsupervisor.api.process.SupervisorException;
import io.jsupervisor.api.process.SupervisorState;
import io.jsupervisor.api.event.Event;
import io.jsupervisor.api.event.EventType;
import io.jsupervisor.core.internal.event.EventBus;
import io.jsupervisor.core.internal.log.ActivityLog;
import io.jsupervisor.core.internal.log.ChildLogDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import jnr.constants.platform.Errno;
import jnr.posix.POSIX;

/**
 * The process engine: one thread owns every process's state and timers, like supervisord's main
 * loop, but it sleeps until the next deadline or the next message instead of polling each second.
 * Child exits (from the {@link Reaper}), requests from other bundles and POSIX signals arrive as
 * tasks on its inbox.
 */
public final class Engine implements ProcessManager, EngineContext {
    private static final long NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Reads the config file again (reloadConfig); throws with the reader's message. */
    @FunctionalInterface
    public interface ConfigSource {
        SupervisorConfig read() throws ConfigException;
    }

    private final SupervisorConfig config;
    private final ConfigSource configSource;
    /** The config addProcessGroup takes groups from: the last one read (options.process_group_configs). */
    private SupervisorConfig latest;
    private final ActivityLog log;
    private final POSIX posix;
    private final Map<String, String> daemonEnvironment;
    private final Spawner spawner;
    private final Reaper reaper;
    private final OutputReactor outputReactor;
    /** The reference's allfunc polls its per-process callbacks 50 ms apart, the first after 50 ms. */
    private static final long STOP_REPORT_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private final BlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
    /**
     * Exits the reaper has seen and the engine has not yet applied: {pid, wait status}. The pass
     * applies them before each process's turn as well as between passes (see applyExits).
     */
    private final java.util.Queue<int[]> exits = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final List<GroupRuntime> groups = new ArrayList<>();
    private final Map<String, GroupRuntime> groupsByName = new HashMap<>();
    private final Map<Integer, ProcessRuntime> pids = new HashMap<>();
    private final List<ProcessStateListener> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<SupervisorState> terminated = new CompletableFuture<>();
    private final Thread thread;
    private volatile SupervisorState mood = SupervisorState.RUNNING;
    private volatile boolean ended;
    /** Until released, the loop answers requests but starts nothing (see {@link #release()}). */
    private volatile boolean released;
    private boolean stopping;
    private List<GroupRuntime> stopGroups;
    private long lastShutdownReport;
    /** In-JVM listeners; external pools live in their groups. */
    private final EventBus bus;
    private long eventSerial = -1;
    /** The last TICK_5/60/3600 time slices seen (0: not yet). */
    private final long[] lastTicks = new long[TICK_PERIODS.length];
    private static final int[] TICK_PERIODS = {5, 60, 3600};
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
        this.bus = bus;
        this.config = config;
        this.configSource = configSource;
        this.latest = config;
        this.log = log;
        this.posix = posix;
        this.daemonEnvironment = new LinkedHashMap<>(daemonEnvironment);
        this.spawner = new Spawner(posix, daemonEnvironment);
        this.reaper = new Reaper(posix, (pid, status) -> {
            exits.add(new int[] {pid, status});
            inbox.add(this::applyExits);
        });
        this.outputReactor = new OutputReactor(log);
        this.thread = new Thread(null, this::loop, "jsupervisor-engine", 512 * 1024);
    }

    public void addListener(ProcessStateListener listener) {
        listeners.add(listener);
    }

    /** Builds the groups (creating AUTO log files) and starts the loop; autostart follows. */
    public void start() throws IOException {
        for (ProcessGroupConfig gc : config.groups()) {
            addGroup(gc);
            // as the reference's add_process_group: pools added earlier hear of later groups
            publish(groupEvent(EventType.PROCESS_GROUP_ADDED, gc.name()));
        }
        reaper.start();
        thread.start();
    }

    private void addGroup(ProcessGroupConfig gc) throws IOException {
        GroupRuntime group = new GroupRuntime(gc);
        for (ProcessConfig pc : gc.processes()) {
            Path out = autoLog(pc, pc.stdout(), "stdout");
            Path err = pc.redirectStderr() ? null : autoLog(pc, pc.stderr(), "stderr");
            group.processes.put(pc.name(), new ProcessRuntime(pc, gc.name(), this, out, err));
        }
        if (gc.type() == ProcessGroupConfig.GroupType.FCGI_PROGRAM && gc.socket() != null) {
            FcgiSocket socket = new FcgiSocket(gc.socket(), log, posix);
            socket.check();
            group.fcgiSocket = socket;
            group.processes.values().forEach(p -> p.fcgiSocket = socket);
        }
        if (gc.type() == ProcessGroupConfig.GroupType.EVENTLISTENER && gc.listener() != null) {
            ListenerPool pool = new ListenerPool(group, gc.listener(), log, config.supervisord().identifier());
            group.pool = pool;
            for (ProcessRuntime p : group.processes.values()) {
                p.pool = pool;
                p.listener = new ListenerProtocol(p.config.name(), log, pool);
            }
        }
        groups.add(group);
        groupsByName.put(gc.name(), group);
    }

    private Path autoLog(ProcessConfig pc, LogStreamConfig stream, String channel) throws IOException {
        if (stream.target() != LogStreamConfig.Target.AUTO) {
            return null;
        }
        return ChildLogDir.createAutoLog(Path.of(config.supervisord().childlogdir()), pc.name(),
                config.supervisord().identifier(), channel);
    }

    /**
     * Lets the loop start processes. The daemon releases the engine once its HTTP servers are
     * open and the pidfile is written, the order in which the reference comes up.
     */
    public void release() {
        inbox.add(() -> {
            released = true;
            publish(new Event(EventType.SUPERVISOR_STATE_CHANGE_RUNNING, System.currentTimeMillis(), Map.of(), ""));
        });
    }

    /** Completes with SHUTDOWN or RESTARTING once every process has stopped and the loop ended. */
    public CompletionStage<SupervisorState> termination() {
        return terminated;
    }

    // ---- the loop --------------------------------------------------------------------------

    private void loop() {
        // No signal mask to clear here: the spawner gives each child an empty one. This thread
        // must keep the mask it inherited (bin/supervisord blocks the daemon's signals in every
        // thread, and an unblocked one here would let SIGTERM end the JVM before it stops anything).
        if (!ChildSignals.ignorePipeAndFileSizeSignals()) {
            log.warn("could not ignore SIGPIPE and SIGXFSZ: children will start with their default actions");
        }
        try {
            while (true) {
                boolean popped = false;
                if (mood.code() < SupervisorState.RUNNING.code()) {
                    if (!stopping) {
                        stopping = true;
                        publish(new Event(EventType.SUPERVISOR_STATE_CHANGE_STOPPING, System.currentTimeMillis(),
                                Map.of(), ""));
                        stopGroups = new ArrayList<>(sortedGroups());
                    }
                    if (!stopGroups.isEmpty()) {
                        stopGroups.get(stopGroups.size() - 1).stopAll();
                    }
                    if (shutdownReport().isEmpty()) {
                        break;
                    }
                }
                for (GroupRuntime g : sortedGroups()) {
                    g.transition(mood == SupervisorState.RUNNING && released, this::applyExits);
                }
                tick();
                for (ProcessRuntime p : allProcesses()) {
                    if (p.hasStopWaiters()) {
                        p.stopReport(); // throttled: at most every 2 s per process
                    }
                }
                // Events raised in this pass after a pool's own turn (a later group's timed
                // transition, a tick) go out now: nothing else may wake the loop for hours.
                for (GroupRuntime g : groups) {
                    if (g.pool != null) {
                        g.pool.dispatch();
                    }
                }
                // copies: a caller's continuation may add or remove groups (see settleWaiters)
                for (GroupRuntime g : new ArrayList<>(groups)) {
                    new ArrayList<>(g.processes.values()).forEach(ProcessRuntime::settleWaiters);
                }
                if (mood.code() < SupervisorState.RUNNING.code() && !stopGroups.isEmpty()) {
                    GroupRuntime last = stopGroups.get(stopGroups.size() - 1);
                    if (last.unstopped().isEmpty()) {
                        stopGroups.remove(stopGroups.size() - 1);
                        popped = true;
                    }
                }
                long wait = popped ? 0 : nextDeadline() - System.nanoTime();
                Runnable task = wait <= 0 ? inbox.poll() : inbox.poll(wait, TimeUnit.NANOSECONDS);
                while (task != null) {
                    runTask(task);
                    task = inbox.poll();
                }
            }
            reaper.stop();
            outputReactor.endWhenIdle();
            ended = true;
            drainAfterEnd();
            terminated.complete(mood);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            terminated.complete(SupervisorState.SHUTDOWN);
        } catch (Throwable t) {
            log.critical("engine failed: " + t);
            // Without the engine nobody would ever stop the children: take them down with us.
            for (int pid : pids.keySet()) {
                posix.kill(-pid, Signals.number("TERM"));
            }
            mood = SupervisorState.SHUTDOWN;
            outputReactor.endWhenIdle();
            ended = true;
            drainAfterEnd();
            terminated.completeExceptionally(t);
        }
    }

    /**
     * Requests that arrive once the loop has ended still get an answer: they run where they are,
     * against frozen state, and every one that would change something is refused by
     * requireRunning with SHUTDOWN_STATE.
     */
    private void drainAfterEnd() {
        Runnable task;
        while ((task = inbox.poll()) != null) {
            runTask(task);
        }
    }

    private void runTask(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            // A failing request must never take the engine (and every process) down with it.
            log.error("uncaught exception in the engine: " + e);
        }
    }

    private List<GroupRuntime> sortedGroups() {
        List<GroupRuntime> sorted = new ArrayList<>(groups);
        sorted.sort(Comparator.comparingInt(g -> g.config.priority()));
        return sorted;
    }

    private long nextDeadline() {
        long now = System.nanoTime();
        long next = now + 3600 * NANOS;
        for (GroupRuntime g : groups) {
            for (ProcessRuntime p : g.processes.values()) {
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
        }
        if (stopping) {
            next = Math.min(next, lastShutdownReport + 3 * NANOS);
        }
        if (wantsTicks()) {
            long millis = System.currentTimeMillis();
            long toNextSlice = TICK_PERIODS[0] * 1000L - millis % (TICK_PERIODS[0] * 1000L);
            next = Math.min(next, now + TimeUnit.MILLISECONDS.toNanos(toNextSlice) + 1);
        }
        return next;
    }

    private List<ProcessRuntime> shutdownReport() {
        List<ProcessRuntime> unstopped = new ArrayList<>();
        for (GroupRuntime g : groups) {
            unstopped.addAll(g.unstopped());
        }
        if (!unstopped.isEmpty()) {
            long now = System.nanoTime();
            if (lastShutdownReport == 0 || now - lastShutdownReport > 3 * NANOS) {
                List<String> names = new ArrayList<>();
                unstopped.forEach(p -> names.add(p.config.name()));
                log.info("waiting for " + String.join(", ", names) + " to die");
                lastShutdownReport = now;
                for (ProcessRuntime p : unstopped) {
                    log.blather(p.config.name() + " state: " + p.state.name());
                }
            }
        }
        return unstopped;
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
        ProcessRuntime process = pids.remove(pid);
        if (process == null) {
            log.info("reaped unknown pid " + pid + " (" + WaitStatus.decode(status).description() + ")");
            return;
        }
        process.finish(status);
        for (ProcessRuntime p : allProcesses()) {
            if (p.hasStopWaiters()) {
                p.stopReport();
            }
        }
    }

    private List<ProcessRuntime> allProcesses() {
        List<ProcessRuntime> all = new ArrayList<>();
        for (GroupRuntime g : groups) {
            all.addAll(g.processes.values());
        }
        return all;
    }

    // ---- events ----------------------------------------------------------------------------

    @Override
    public void publish(Event event) {
        Delivery d = new Delivery(event);
        for (GroupRuntime g : groups) {
            if (g.pool != null) {
                g.pool.accept(d, this::nextEventSerial);
            }
        }
        bus.publish(event);
    }

    private volatile io.jsupervisor.core.internal.log.LogHandlers logHandlers;

    /** The bundles' log handlers (syslog...), for child output; set before {@link #start()}. */
    public void setLogHandlers(io.jsupervisor.core.internal.log.LogHandlers handlers) {
        this.logHandlers = handlers;
    }

    @Override
    public io.jsupervisor.core.internal.log.LogHandlers logHandlers() {
        return logHandlers;
    }

    @Override
    public void post(Runnable work) {
        inbox.add(work);
    }

    private long nextEventSerial() {
        eventSerial = eventSerial == Long.MAX_VALUE ? 0 : eventSerial + 1;
        return eventSerial;
    }

    private static Event groupEvent(EventType type, String group) {
        return new Event(type, System.currentTimeMillis(), Map.of("groupname", group), "");
    }

    private boolean wantsTicks() {
        for (GroupRuntime g : groups) {
            if (g.pool != null && g.pool.subscribes(EventType.TICK_5)) {
                return true;
            }
        }
        return bus.wants(EventType.TICK_5);
    }

    /**
     * TICK_5/60/3600 when the clock enters a new time slice of the period; the first look only
     * notes the slice, as the reference's tick does.
     */
    private void tick() {
        long now = System.currentTimeMillis() / 1000;
        for (int i = 0; i < TICK_PERIODS.length; i++) {
            int period = TICK_PERIODS[i];
            long slice = now / period * period;
            if (lastTicks[i] == 0) {
                lastTicks[i] = slice;
            } else if (slice != lastTicks[i]) {
                lastTicks[i] = slice;
                publish(new Event(EventType.valueOf("TICK_" + period), now * 1000, Map.of("when", Long.toString(slice)),
                        ""));
            }
        }
    }

    // ---- signals ---------------------------------------------------------------------------

    /** A POSIX signal the daemon received; may be called from any thread. */
    public void onSignal(String name) {
        inbox.add(() -> handleSignal(name));
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
                allProcesses().forEach(ProcessRuntime::reopenLogs);
                break;
            default:
                log.blather("received " + signame + " indicating nothing");
        }
    }

    // ---- EngineContext ---------------------------------------------------------------------

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
        env.putAll(process.supervisorVariables(config.serverUrl()));
        env.putAll(process.config.environment());
        List<String> list = new ArrayList<>(env.size());
        env.forEach((k, v) -> list.add(k + "=" + v));
        return list;
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
        pids.put(pid, process);
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
    public void stateChanged(ProcessRuntime process, ProcessState previous) {
        if (listeners.isEmpty()) {
            return;
        }
        ProcessInfo info = process.info(wallSeconds());
        for (ProcessStateListener l : listeners) {
            try {
                l.stateChanged(info, previous);
            } catch (RuntimeException e) {
                log.error("state listener failed: " + e);
            }
        }
    }

    // ---- ProcessManager --------------------------------------------------------------------

    private <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> work) {
        if (Thread.currentThread() == thread) {
            // Already on the engine thread (a caller continuing from a stage the engine
            // completed, e.g. a multicall): queueing would wait on ourselves.
            try {
                return work.get();
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        inbox.add(() -> {
            try {
                work.get().whenComplete((v, e) -> {
                    if (e != null) {
                        result.completeExceptionally(e);
                    } else {
                        result.complete(v);
                    }
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        if (ended) {
            drainAfterEnd();
        }
        return result;
    }

    private <T> T callNow(Supplier<T> work) {
        try {
            return call(() -> CompletableFuture.completedFuture(work.get())).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SupervisorException(Fault.FAILED, "interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new SupervisorException(Fault.FAILED, String.valueOf(e.getCause()));
        }
    }

    private void requireRunning() {
        if (mood.code() < SupervisorState.RUNNING.code()) {
            throw new SupervisorException(Fault.SHUTDOWN_STATE, null);
        }
    }

    /** The reference's _getGroupAndProcess for a single process. */
    private ProcessRuntime process(String namespec) {
        String groupName;
        String processName;
        int colon = namespec.indexOf(':');
        if (colon >= 0) {
            groupName = namespec.substring(0, colon);
            processName = namespec.substring(colon + 1);
            if (processName.equals("*")) {
                processName = null;
            }
        } else {
            groupName = namespec;
            processName = namespec;
        }
        GroupRuntime group = groupsByName.get(groupName);
        if (group == null || processName == null) {
            throw new SupervisorException(Fault.BAD_NAME, namespec);
        }
        ProcessRuntime p = group.processes.get(processName);
        if (p == null) {
            throw new SupervisorException(Fault.BAD_NAME, namespec);
        }
        return p;
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
        return callNow(() -> {
            long now = wallSeconds();
            List<ProcessRuntime> all = allProcesses();
            all.sort(Comparator.<ProcessRuntime, String>comparing(p -> p.groupName).thenComparing(p -> p.config.name()));
            List<ProcessInfo> infos = new ArrayList<>(all.size());
            all.forEach(p -> infos.add(p.info(now)));
            return infos;
        });
    }

    @Override
    public ProcessInfo processInfo(String namespec) {
        return callNow(() -> process(namespec).info(wallSeconds()));
    }

    /** The reference's startProcess for one process, on the engine thread. */
    private CompletableFuture<Boolean> start(ProcessRuntime p, boolean wait) {
        String namespec = p.namespec();
        try {
            spawner.resolve(p.config.command());
        } catch (Spawner.CommandException e) {
            throw new SupervisorException(e.fault(), e.getMessage());
        }
        if (ProcessState.RUNNING_STATES.contains(p.state)) {
            throw new SupervisorException(Fault.ALREADY_STARTED, namespec);
        }
        if (p.state == ProcessState.UNKNOWN) {
            throw new SupervisorException(Fault.FAILED, namespec + " is in an unknown process state");
        }
        p.spawn();
        if (p.spawnerr != null) {
            throw new SupervisorException(Fault.SPAWN_ERROR, namespec);
        }
        p.transition(false);
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        if (wait && p.state != ProcessState.RUNNING) {
            p.awaitStarted(done);
        } else {
            done.complete(true);
        }
        return done;
    }

    private CompletableFuture<Boolean> stop(ProcessRuntime p, boolean wait) {
        return stop(p, wait, false);
    }

    /** {@code many}: part of a group or all-process stop (see deferStopReport). */
    private CompletableFuture<Boolean> stop(ProcessRuntime p, boolean wait, boolean many) {
        if (!ProcessState.RUNNING_STATES.contains(p.state)) {
            throw new SupervisorException(Fault.NOT_RUNNING, p.namespec());
        }
        String msg = p.stop();
        if (msg != null) {
            throw new SupervisorException(Fault.FAILED, msg);
        }
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        if (wait && !ProcessState.STOPPED_STATES.contains(p.state)) {
            p.awaitStopped(done);
            if (many) {
                p.deferStopReport(STOP_REPORT_DELAY_NANOS);
            } else {
                p.stopReport();
            }
        } else {
            done.complete(true);
        }
        return done;
    }

    private static int signalNumber(String signal) {
        try {
            return Signals.number(signal);
        } catch (IllegalArgumentException e) {
            throw new SupervisorException(Fault.BAD_SIGNAL, signal);
        }
    }

    private CompletableFuture<Boolean> signal(ProcessRuntime p, String signal) {
        int sig = signalNumber(signal);
        if (!ProcessState.SIGNALLABLE_STATES.contains(p.state)) {
            throw new SupervisorException(Fault.NOT_RUNNING, p.namespec());
        }
        String msg = p.signal(sig);
        if (msg != null) {
            throw new SupervisorException(Fault.FAILED, msg);
        }
        return CompletableFuture.completedFuture(true);
    }

    /**
     * The reference's make_allfunc: apply {@code op} to each process the predicate selects, in
     * order; a refusal becomes that process's result, and the whole completes when every
     * deferred operation has.
     */
    private CompletableFuture<List<ProcessResult>> forEach(List<ProcessRuntime> processes,
            java.util.function.Predicate<ProcessRuntime> selected,
            java.util.function.Function<ProcessRuntime, CompletableFuture<Boolean>> op) {
        // Like make_allfunc: answers known at once come first, in order; deferred ones follow as
        // they complete, and those that complete together (the reference polls them) in order.
        // Everything here runs on the engine thread, so the lists need no lock.
        List<ProcessResult> results = new ArrayList<>();
        List<String[]> names = new ArrayList<>();
        List<CompletableFuture<Boolean>> pending = new ArrayList<>();
        for (ProcessRuntime p : processes) {
            if (!selected.test(p)) {
                continue;
            }
            String name = p.config.name();
            String group = p.groupName;
            CompletableFuture<Boolean> f;
            try {
                f = op.apply(p);
            } catch (SupervisorException e) {
                results.add(ProcessResult.failed(name, group, e));
                continue;
            }
            if (f.isDone()) {
                results.add(outcome(name, group, f));
            } else {
                pending.add(f);
                names.add(new String[] {name, group});
            }
        }
        CompletableFuture<List<ProcessResult>> all = new CompletableFuture<>();
        if (pending.isEmpty()) {
            all.complete(List.copyOf(results));
            return all;
        }
        Runnable flush = () -> {
            for (int i = 0; i < pending.size(); i++) {
                CompletableFuture<Boolean> f = pending.get(i);
                if (f != null && f.isDone()) {
                    results.add(outcome(names.get(i)[0], names.get(i)[1], f));
                    pending.set(i, null);
                }
            }
            if (!all.isDone() && pending.stream().allMatch(java.util.Objects::isNull)) {
                all.complete(List.copyOf(results));
            }
        };
        // The reference looks at its callbacks 50 ms apart, the first time 50 ms after the request:
        // what ends within that time is answered together, in the order of the processes.
        long firstLook = System.nanoTime() + STOP_REPORT_DELAY_NANOS;
        for (CompletableFuture<Boolean> f : new ArrayList<>(pending)) {
            f.whenComplete((ok, e) -> {
                long delay = firstLook - System.nanoTime();
                if (delay <= 0) {
                    inbox.add(flush);
                } else {
                    CompletableFuture.delayedExecutor(delay, TimeUnit.NANOSECONDS).execute(() -> inbox.add(flush));
                }
            });
        }
        return all;
    }

    private static ProcessResult outcome(String name, String group, CompletableFuture<Boolean> done) {
        try {
            done.join();
            return ProcessResult.ok(name, group);
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof SupervisorException se) {
                return ProcessResult.failed(name, group, se);
            }
            return ProcessResult.failed(name, group, new SupervisorException(Fault.FAILED, String.valueOf(cause)));
        }
    }

    private GroupRuntime group(String name) {
        GroupRuntime g = groupsByName.get(name);
        if (g == null) {
            throw new SupervisorException(Fault.BAD_NAME, name);
        }
        return g;
    }

    /** A group's processes by priority (stable: config order among equals). */
    private static List<ProcessRuntime> byPriority(GroupRuntime g) {
        List<ProcessRuntime> list = new ArrayList<>(g.processes.values());
        list.sort(Comparator.comparingInt(p -> p.config.priority()));
        return list;
    }

    /** Every process, groups then processes by priority (the reference's _getAllProcesses). */
    private List<ProcessRuntime> allByPriority() {
        List<ProcessRuntime> all = new ArrayList<>();
        for (GroupRuntime g : sortedGroups()) {
            all.addAll(byPriority(g));
        }
        return all;
    }

    private static boolean isNotRunning(ProcessRuntime p) {
        return !ProcessState.RUNNING_STATES.contains(p.state);
    }

    private static boolean isRunning(ProcessRuntime p) {
        return ProcessState.RUNNING_STATES.contains(p.state);
    }

    private static boolean isSignallable(ProcessRuntime p) {
        return ProcessState.SIGNALLABLE_STATES.contains(p.state);
    }

    @Override
    public CompletionStage<Boolean> startProcess(String namespec, boolean wait) {
        return call(() -> {
            requireRunning();
            return start(process(namespec), wait);
        });
    }

    @Override
    public CompletionStage<List<ProcessResult>> startProcessGroup(String group, boolean wait) {
        return call(() -> {
            requireRunning();
            return forEach(byPriority(group(group)), Engine::isNotRunning, p -> start(p, wait));
        });
    }

    @Override
    public CompletionStage<List<ProcessResult>> startAllProcesses(boolean wait) {
        return call(() -> {
            requireRunning();
            return forEach(allByPriority(), Engine::isNotRunning, p -> start(p, wait));
        });
    }

    @Override
    public CompletionStage<Boolean> stopProcess(String namespec, boolean wait) {
        return call(() -> {
            requireRunning();
            return stop(process(namespec), wait);
        });
    }

    @Override
    public CompletionStage<List<ProcessResult>> stopProcessGroup(String group, boolean wait) {
        return call(() -> {
            requireRunning();
            return forEach(byPriority(group(group)), Engine::isRunning, p -> stop(p, wait, true));
        });
    }

    @Override
    public CompletionStage<List<ProcessResult>> stopAllProcesses(boolean wait) {
        return call(() -> {
            requireRunning();
            // Ascending, as the reference's stopAllProcesses (only shutdown goes in reverse).
            return forEach(allByPriority(), Engine::isRunning, p -> stop(p, wait, true));
        });
    }

    @Override
    public CompletionStage<Boolean> signalProcess(String namespec, String signal) {
        return call(() -> {
            requireRunning();
            return signal(process(namespec), signal);
        });
    }

    @Override
    public CompletionStage<List<ProcessResult>> signalProcessGroup(String group, String signal) {
        return call(() -> {
            requireRunning();
            GroupRuntime g = group(group);
            return forEach(byPriority(g), Engine::isSignallable, p -> signal(p, signal));
        });
    }

    @Override
    public CompletionStage<List<ProcessResult>> signalAllProcesses(String signal) {
        return call(() -> {
            requireRunning();
            return forEach(allByPriority(), Engine::isSignallable, p -> signal(p, signal));
        });
    }

    @Override
    public void sendProcessStdin(String namespec, byte[] data) {
        callNow(() -> {
            requireRunning();
            process(namespec).sendStdin(data);
            return true;
        });
    }

    private void clearLogs(ProcessRuntime p) {
        try {
            p.clearLogs();
        } catch (IOException e) {
            throw new SupervisorException(Fault.FAILED, p.namespec());
        }
    }

    @Override
    public void clearProcessLogs(String namespec) {
        callNow(() -> {
            requireRunning();
            clearLogs(process(namespec));
            return true;
        });
    }

    @Override
    public List<ProcessResult> clearAllProcessLogs() {
        return callNow(() -> {
            requireRunning();
            List<ProcessResult> results = new ArrayList<>();
            for (ProcessRuntime p : allByPriority()) {
                try {
                    clearLogs(p);
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
        callNow(() -> {
            requireRunning();
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
        return callNow(() -> {
            requireRunning();
            SupervisorConfig fresh;
            try {
                fresh = configSource.read();
            } catch (ConfigException e) {
                throw new SupervisorException(Fault.CANT_REREAD, e.getMessage());
            }
            latest = fresh;
            List<String> added = new ArrayList<>();
            List<String> changed = new ArrayList<>();
            List<String> removed = new ArrayList<>();
            for (ProcessGroupConfig g : fresh.groups()) {
                GroupRuntime running = groupsByName.get(g.name());
                if (running == null) {
                    added.add(g.name());
                } else if (!running.config.equals(g)) {
                    changed.add(g.name());
                }
            }
            for (GroupRuntime g : groups) {
                if (fresh.group(g.config.name()) == null) {
                    removed.add(g.config.name());
                }
            }
            return new ReloadResult(added, changed, removed);
        });
    }

    @Override
    public boolean addProcessGroup(String name) {
        return callNow(() -> {
            requireRunning();
            ProcessGroupConfig gc = latest.group(name);
            if (gc == null) {
                throw new SupervisorException(Fault.BAD_NAME, name);
            }
            if (groupsByName.containsKey(name)) {
                throw new SupervisorException(Fault.ALREADY_ADDED, name);
            }
            try {
                addGroup(gc);
            } catch (IOException e) {
                throw new SupervisorException(Fault.FAILED, name + ": " + e.getMessage());
            }
            publish(groupEvent(EventType.PROCESS_GROUP_ADDED, name));
            return true;
        });
    }

    @Override
    public boolean removeProcessGroup(String name) {
        return callNow(() -> {
            requireRunning();
            GroupRuntime g = group(name);
            if (!g.unstopped().isEmpty()) {
                throw new SupervisorException(Fault.STILL_RUNNING, name);
            }
            groups.remove(g);
            groupsByName.remove(name);
            if (g.fcgiSocket != null) {
                g.fcgiSocket.discard();
            }
            publish(groupEvent(EventType.PROCESS_GROUP_REMOVED, name));
            return true;
        });
    }

    @Override
    public SupervisorConfig config() {
        return config;
    }

    @Override
    public SupervisorConfig lastReadConfig() {
        return callNow(() -> latest);
    }

    @Override
    public List<ProcessGroupConfig> activeGroups() {
        return callNow(() -> sortedGroups().stream().map(g -> g.config).toList());
    }

    @Override
    public void shutdown() {
        inbox.add(() -> mood = SupervisorState.SHUTDOWN);
    }

    @Override
    public void shutdown(int status) {
        inbox.add(() -> {
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
        callNow(() -> {
            publish(new Event(EventType.REMOTE_COMMUNICATION, System.currentTimeMillis(), Map.of("type", type), data));
            return true;
        });
    }

    @Override
    public void restart() {
        inbox.add(() -> mood = SupervisorState.RESTARTING);
    }

    /** For tests: wait until every pump of this process has written what the child wrote. */
    void awaitOutput(String namespec, long millis) throws InterruptedException {
        ProcessRuntime p = callNow(() -> process(namespec));
        p.awaitOutputDrained(millis);
    }
}
