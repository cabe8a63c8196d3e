package io.jsupervisor.core.internal.engine;

import io.jsupervisor.api.config.ProcessConfig;
import io.jsupervisor.api.process.Fault;
import io.jsupervisor.api.process.ProcessInfo;
import io.jsupervisor.api.process.ProcessState;
import io.jsupervisor.api.process.Signals;
import io.jsupervisor.api.process.SupervisorException;
import io.jsupervisor.core.internal.log.ActivityLog;
import io.jsupervisor.pycompat.PyRepr;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One process and its state machine, touched only by the engine thread. The transitions, their
 * timing rules and the activity-log lines follow the reference's Subprocess: spawn, kill, finish
 * (a reaped exit) and transition (the periodic step that starts, promotes, retries, gives up and
 * escalates to SIGKILL).
 */
final class ProcessRuntime {
    private static final long NANOS = TimeUnit.SECONDS.toNanos(1);

    final ProcessConfig config;
    final String groupName;
    private final EngineContext ctx;

    private ProcessState state = ProcessState.STOPPED;
    private int pid;
    /** Wall-clock seconds of the last spawn and exit, for getProcessInfo; 0 = never. */
    private long laststartWall;
    private long laststopWall;
    /** Monotonic time of the last spawn; 0 = never spawned (the reference's laststart test). */
    private long laststart;
    private long delay;
    private int backoff;
    private final AutorestartSchedule autorestarts;
    private final ProcessReadiness readiness;
    private final DependencyWait dependencyWait = new DependencyWait();
    private boolean killing;
    private String spawnerr;
    private Integer exitstatus;
    private final StopReports stopReports = new StopReports();
    private final ProcessStdin stdin;
    private final ProcessOutput output;
    private final StateWaiters waiters = new StateWaiters();
    /** For an [fcgi-program:x] process: its pool's socket, and this process's hold on it. */
    private FcgiSocket fcgiSocket;
    private FcgiSocket.Lease socketLease;
    /** Its own cgroup (jsupervisor's cgroup options, set by {@link GroupFactory}), or null. */
    ProcessCgroup cgroup;
    /** Whether the last exit was one of exitcodes (the EXITED event's {@code expected}). */
    private boolean lastExitExpected = true;

    ProcessRuntime(ProcessConfig config, String groupName, EngineContext ctx, Path stdoutAuto, Path stderrAuto) {
        this.config = config;
        this.groupName = groupName;
        this.ctx = ctx;
        this.output = new ProcessOutput(config, ctx, stdoutAuto, stderrAuto);
        this.autorestarts = new AutorestartSchedule(config);
        this.readiness = new ProcessReadiness(config.name(), groupName, config.readiness(), ctx);
        this.stdin = new ProcessStdin(config.name(), ctx.log());
    }

    ProcessState state() {
        return state;
    }

    /** RUNNING, and its ready check (if any) passing: what its dependents wait for. */
    boolean isReady() {
        return readiness.isReady();
    }

    /** For a {@code log:} ready check, a watcher of one output stream; else null. */
    OutputPump.Tap readyLogTap() {
        return readiness.logTap();
    }

    /** Whether the last spawn failed (its message is in getProcessInfo's spawnerr). */
    boolean spawnFailed() {
        return spawnerr != null;
    }

    /** Makes this an [eventlistener:x] process of {@code pool}, speaking the listener protocol. */
    void joinPool(ListenerPool pool) {
        stdin.joinPool(pool);
    }

    /** Makes this an [fcgi-program:x] process that passes {@code socket} to its children. */
    void shareSocket(FcgiSocket socket) {
        this.fcgiSocket = socket;
    }

    /** The listener protocol of an [eventlistener:x] process, else null. */
    ListenerProtocol listener() {
        return stdin.listener();
    }

    private ActivityLog log() {
        return ctx.log();
    }

    /** The stdout or stderr log file this process writes, or null when it keeps none. */
    String logfile(boolean stderr) {
        return output.logfile(stderr);
    }

    /** Bytes its children wrote to stdout or stderr since the process was created. */
    long outputBytes(boolean stderr) {
        return output.bytesWritten(stderr);
    }

    ProcessInfo info(long nowWall) {
        String out = logfile(false);
        String err = logfile(true);
        return new ProcessInfo(config.name(), groupName, laststartWall, laststopWall, nowWall, state,
                spawnerr == null ? "" : spawnerr, exitstatus == null ? 0 : exitstatus,
                out == null ? "" : out, err == null ? "" : err, pid,
                dependencyWait.blocker() != null ? "waiting for " + dependencyWait.blocker().namespec()
                        : cgroup != null && cgroup.outOfMemory() ? ProcessCgroup.OUT_OF_MEMORY
                        : readiness.describe());
    }

    private void changeState(ProcessState next) {
        ProcessState previous = state;
        if (next == previous) {
            return;
        }
        state = next;
        dependencyWait.clear(false);
        if (next == ProcessState.BACKOFF) {
            backoff++;
            delay = ctx.nanoTime() + autorestarts.backoffPause(backoff);
        }
        ctx.stateChanged(this, previous,
                EventPayloads.processState(config.name(), groupName, previous, next, backoff, lastExitExpected, pid));
        readiness.stateChanged(next);
    }

    /** For a listener: bytes to its stdin (an event envelope), in order, off the engine thread. */
    void writeToListener(byte[] data) {
        stdin.writeEnvelope(data);
    }

    /** For a listener: what its child wrote on stdout, fed to the protocol if that child is still ours. */
    void feedListener(int childPid, byte[] data) {
        if (pid == childPid && isListener()) {
            stdin.listener().feed(data);
        }
    }

    boolean isListener() {
        return stdin.listener() != null;
    }

    // ---- spawning -------------------------------------------------------------------------

    void spawn() {
        String name = config.name();
        if (pid != 0) {
            log().warn("process " + PyRepr.repr(name) + " already running");
            return;
        }
        killing = false;
        dependencyWait.clear(true);
        spawnerr = null;
        exitstatus = null;
        autorestarts.clear();
        laststart = ctx.nanoTime();
        laststartWall = ctx.wallSeconds();
        changeState(ProcessState.STARTING);
        ChildLaunch.Result launched = ChildLaunch.launch(this, ctx, output, fcgiSocket);
        if (launched.spawnerr() != null) {
            recordSpawnerr(launched.spawnerr());
            changeState(ProcessState.BACKOFF);
            return;
        }
        Spawner.Child child = launched.child();
        ProcessOutput.Logs logs = launched.logs();
        socketLease = launched.lease();
        pid = child.pid();
        readiness.spawned(pid, ctx.nanoTime());
        stdin.opened(child.stdin());
        // a listener's stdout is the protocol channel: never in capture mode
        output.attach(child.stdout(), child.stderr(), logs, OutputTaps.forStream(this, ctx, false, pid),
                OutputTaps.forStream(this, ctx, true, pid), isListener() ? 0 : config.stdout().captureMaxbytes());
        ctx.registerPid(pid, this);
        log().info("spawned: " + PyRepr.repr(name) + " with pid " + pid);
        spawnerr = null;
        delay = laststart + config.startsecs() * NANOS;
    }

    private void recordSpawnerr(String message) {
        spawnerr = message;
        log().info("spawnerr: " + message);
    }

    // ---- stopping and signals ------------------------------------------------------------

    /** An administrative stop with the configured stop signal; returns an error message or null. */
    String stop() {
        stopReports.reset();
        return kill(Signals.number(config.stopsignal()));
    }

    /** The reference's stop_report: while a caller waits, say every 2 s that we are waiting. */
    void stopReport() {
        if (state == ProcessState.STOPPING && stopReports.due(ctx.nanoTime())) {
            log().info("waiting for " + config.name() + " to stop");
        }
    }

    /** For a group or all-process stop: no "waiting for" line in the first {@code nanos}. */
    void deferStopReport(long nanos) {
        stopReports.defer(ctx.nanoTime() + nanos);
    }

    /** When the next "waiting for" line may be due while a caller waits for a stop. */
    long nextStopReport() {
        return stopReports.next();
    }

    void giveUp() {
        delay = 0;
        backoff = 0;
        changeState(ProcessState.FATAL);
    }

    String kill(int sig) {
        String name = config.name();
        if (state == ProcessState.BACKOFF) {
            log().debug("Attempted to kill " + name + ", which is in BACKOFF state.");
            changeState(ProcessState.STOPPED);
            return null;
        }
        if (pid == 0) {
            String msg = "attempted to kill " + name + " with sig " + Signals.signame(sig) + " but it wasn't running";
            log().debug(msg);
            return msg;
        }
        boolean asGroup = state == ProcessState.STOPPING ? config.killasgroup() : config.stopasgroup();
        log().debug("killing " + name + " (pid " + pid + ") " + (asGroup ? "process group " : "")
                + "with signal " + Signals.signame(sig));
        killing = true;
        delay = ctx.nanoTime() + config.stopwaitsecs() * NANOS;
        changeState(ProcessState.STOPPING);
        int target = asGroup ? -pid : pid;
        int errno = ctx.kill(target, sig);
        if (cgroup != null && sig == Signals.number("KILL")) {
            cgroup.killAll();
        }
        if (errno != 0) {
            if (ctx.isNoSuchProcess(errno)) {
                log().debug("unable to signal " + name + " (pid " + pid + "), it probably just exited on its own");
                return null;
            }
            String msg = "unknown problem killing " + name + " (" + pid + "): errno " + errno;
            log().critical(msg);
            changeState(ProcessState.UNKNOWN);
            killing = false;
            delay = 0;
            return msg;
        }
        return null;
    }

    /** Sends a signal without intending to stop the process; returns an error message or null. */
    String signal(int sig) {
        String name = config.name();
        if (pid == 0) {
            String msg = "attempted to send " + name + " sig " + Signals.signame(sig) + " but it wasn't running";
            log().debug(msg);
            return msg;
        }
        log().debug("sending " + name + " (pid " + pid + ") sig " + Signals.signame(sig));
        int errno = ctx.kill(pid, sig);
        if (errno != 0) {
            if (ctx.isNoSuchProcess(errno)) {
                log().debug("unable to signal " + name + " (pid " + pid + "), it probably just now exited on its own");
                return null;
            }
            String msg = "unknown problem sending sig " + name + " (" + pid + "): errno " + errno;
            log().critical(msg);
            changeState(ProcessState.UNKNOWN);
            return msg;
        }
        return null;
    }

    // ---- exit ------------------------------------------------------------------------------

    /** The child was reaped with this wait status. */
    void finish(int rawStatus) {
        WaitStatus ws = WaitStatus.decode(rawStatus);
        long now = ctx.nanoTime();
        laststopWall = ctx.wallSeconds();
        String name = config.name();
        boolean tooQuickly = now - laststart < config.startsecs() * NANOS;
        boolean expected = config.exitcodes().contains(ws.exitStatus());
        lastExitExpected = expected;
        if (cgroup != null) {
            cgroup.exited(name, rawStatus, killing);
        }

        if (killing) {
            killing = false;
            delay = 0;
            exitstatus = ws.exitStatus();
            changeState(ProcessState.STOPPED);
            String msg = "stopped: " + name + " (" + ws.description() + ")";
            if (expected) {
                log().info(msg);
            } else {
                log().warn(msg);
            }
        } else if (tooQuickly) {
            exitstatus = null;
            spawnerr = "Exited too quickly (process log may have details)";
            changeState(ProcessState.BACKOFF);
            log().warn("exited: " + name + " (" + ws.description() + "; not expected)");
        } else {
            delay = 0;
            backoff = 0;
            exitstatus = ws.exitStatus();
            autorestarts.runEnded(now, now - laststart, log());
            if (state == ProcessState.STARTING) {
                changeState(ProcessState.RUNNING);
            }
            if (expected) {
                changeState(ProcessState.EXITED);
                log().info("exited: " + name + " (" + ws.description() + "; expected)");
            } else {
                spawnerr = "Bad exit code " + ws.exitStatus();
                changeState(ProcessState.EXITED);
                log().warn("exited: " + name + " (" + ws.description() + "; not expected)");
            }
        }
        pid = 0;
        readiness.exited();
        stdin.closed();
        releaseSocket();
    }

    /** The reference's after_finish: this process no longer holds its pool's socket. */
    private void releaseSocket() {
        if (socketLease != null) {
            socketLease.release();
            socketLease = null;
        }
    }

    void reopenLogs() {
        output.reopen();
    }

    /** Empties the stdout and stderr logs (see {@link ProcessOutput#clear}). */
    void clearLogs() throws IOException {
        output.clear();
    }

    /** Queues bytes for the child's stdin, written off the engine thread in order. */
    /** @param name the process as the caller wrote it, for the fault */
    void sendStdin(byte[] data, String name) {
        if (pid == 0 || killing) {
            throw new SupervisorException(Fault.NOT_RUNNING, name);
        }
        stdin.send(data, name);
    }

    // ---- the periodic step -----------------------------------------------------------------

    void transition(boolean startsAllowed) {
        long now = ctx.nanoTime();
        ProcessState s = state;
        if (startsAllowed) {
            if (dependencyWait.startPending() && ProcessState.STOPPED_STATES.contains(s)) {
                autoSpawn();
            } else if (s == ProcessState.EXITED && autorestarts.waiting(now)) {
                // restart_delay: the autorestart waits (nextDeadline wakes the loop for it)
            } else if (s == ProcessState.EXITED) {
                autorestarts.clear();
                switch (config.autorestart()) {
                    case TRUE:
                        autoSpawn();
                        break;
                    case UNEXPECTED:
                        if (exitstatus == null || !config.exitcodes().contains(exitstatus)) {
                            autoSpawn();
                        }
                        break;
                    default:
                        break;
                }
            } else if (s == ProcessState.STOPPED && laststart == 0) {
                if (config.autostart()) {
                    autoSpawn();
                }
            } else if (s == ProcessState.BACKOFF) {
                if (backoff <= config.startretries() && now > delay) {
                    autoSpawn();
                }
            }
        }
        String name = config.name();
        // startsecs=0: a child spawned just now is RUNNING at once, as the reference's next pass
        // would make it (its loop runs transition before it reaps, so even a child that died
        // at once is RUNNING first); clients see RUNNING a loop pass sooner.
        boolean justSpawned = s != ProcessState.STARTING && config.startsecs() == 0;
        if (state == ProcessState.STARTING && (s == ProcessState.STARTING || justSpawned)) {
            if ((justSpawned ? ctx.nanoTime() : now) - laststart > config.startsecs() * NANOS) {
                delay = 0;
                backoff = 0;
                changeState(ProcessState.RUNNING);
                log().info("success: " + name + " entered RUNNING state, process has stayed up for > than "
                        + config.startsecs() + " seconds (startsecs)");
            }
        }
        if (s == ProcessState.BACKOFF && state == ProcessState.BACKOFF) {
            if (backoff > config.startretries()) {
                giveUp();
                log().info("gave up: " + name + " entered FATAL state, too many start retries too quickly");
            }
        } else if (s == ProcessState.STOPPING && state == ProcessState.STOPPING) {
            if (delay - now <= 0) {
                log().warn("killing " + PyRepr.repr(name) + " (" + pid + ") with SIGKILL");
                kill(Signals.number("KILL"));
            }
        }
        readiness.step(ctx.nanoTime(), ctx.readyProbes());
    }

    /**
     * A start the pass makes (autostart, autorestart, a retry, a caller's pending start) waits
     * until every dependency is ready. A caller's pending start is given up when a dependency
     * is FATAL: the caller is told, and the process stays as it is.
     */
    private void autoSpawn() {
        switch (dependencyWait.check(this, ctx)) {
            case START:
                spawn();
                break;
            case GIVE_UP:
                spawnerr = "its dependency " + dependencyWait.blocker().namespec() + " is FATAL";
                settleWaiters();
                spawnerr = null;
                break;
            default:
                break;
        }
    }

    /**
     * A caller's start of a process whose dependencies are not ready: the pass starts it once
     * they are (see {@link #autoSpawn}).
     */
    void requestStart() {
        dependencyWait.requestStart();
    }

    /**
     * The next moment {@link #transition} has something to do for this process, in
     * {@link EngineContext#nanoTime()} terms, or {@code Long.MAX_VALUE}.
     */
    long nextDeadline() {
        long checks = readiness.nextDeadline();
        if (dependencyWait.blocker() != null) {
            // held back by a dependency: its readiness wakes the loop, no timer does
            return checks;
        }
        long own = stateDeadline();
        if (own == Long.MIN_VALUE || checks == Long.MAX_VALUE) {
            return own;
        }
        return own == Long.MAX_VALUE || checks - own < 0 ? checks : own;
    }

    private long stateDeadline() {
        switch (state) {
            case STARTING:
                return laststart + config.startsecs() * NANOS + 1;
            case BACKOFF:
                return backoff <= config.startretries() ? delay + 1 : Long.MIN_VALUE;
            case STOPPING:
                return delay;
            case EXITED:
                return autorestarts.deadline();
            default:
                return Long.MAX_VALUE;
        }
    }

    // ---- callers waiting -------------------------------------------------------------------

    /** @param name the process as the caller wrote it, for the fault if the start fails */
    void awaitStarted(CompletableFuture<Boolean> future, String name) {
        waiters.awaitStarted(future, name);
        settleWaiters();
    }

    void awaitStopped(CompletableFuture<Boolean> future) {
        waiters.awaitStopped(future);
        settleWaiters();
    }

    boolean hasStopWaiters() {
        return waiters.hasStopWaiters();
    }

    /**
     * Completes the callers whose condition now holds. The engine calls this once the current
     * step is over, so that what the step logs is written before a caller sees the result.
     */
    void settleWaiters() {
        waiters.settle(state, spawnerr != null, dependencyWait.startPending());
    }

    String namespec() {
        return groupName.equals(config.name()) ? config.name() : groupName + ":" + config.name();
    }

    /** Waits (bounded) for the pumps to write everything the child wrote; for tests and shutdown. */
    void awaitOutputDrained(long millis) throws InterruptedException {
        output.awaitDrained(millis);
    }
}
