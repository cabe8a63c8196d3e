package io.jsupervisor.core.internal.engine;

import io.jsupervisor.api.event.EventType;
import io.jsupervisor.api.process.Fault;
import io.jsupervisor.api.process.ProcessState;
import io.jsupervisor.api.process.Signals;
import io.jsupervisor.api.process.SupervisorException;
import io.jsupervisor.api.process.SupervisorState;
import io.jsupervisor.core.internal.log.ActivityLog;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import jnr.posix.POSIX;

/**
 * What the engine's loop runs: the pass over every group (timed transitions, reaped exits,
 * ticks, listener dispatch, waiters), the daemon's mood (running, restarting, shutting down)
 * and the way down. Engine thread only, except where a method says otherwise.
 */
final class Supervision implements EventLoop.Body {
    private static final long NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ActivityLog log;
    private final POSIX posix;
    private final ProcessTable table;
    private final EventPublisher events;
    private final Reaper reaper;
    private final OutputReactor outputReactor;
    private final ShutdownSequence shutdown;
    /**
     * Exits the reaper has seen and the engine has not yet applied: {pid, wait status}. The pass
     * applies them before each process's turn as well as between passes (see applyExits).
     */
    private final Queue<int[]> exits = new ConcurrentLinkedQueue<>();
    private volatile SupervisorState mood = SupervisorState.RUNNING;
    /** Until released, the loop answers requests but starts nothing (see {@link #release()}). */
    private volatile boolean released;
    private volatile int exitStatus;
    /** Completes once a pass has run after the release: the autostart programs have been spawned. */
    private final CompletableFuture<Void> releasedPass = new CompletableFuture<>();
    /** Container mode: a way down that leaves a program FATAL ends the daemon with status 1. */
    private final boolean failuresSetExitStatus;

    Supervision(ActivityLog log, POSIX posix, ProcessTable table, EventPublisher events, Reaper reaper,
            OutputReactor outputReactor, boolean failuresSetExitStatus) {
        this.failuresSetExitStatus = failuresSetExitStatus;
        this.log = log;
        this.posix = posix;
        this.table = table;
        this.events = events;
        this.reaper = reaper;
        this.outputReactor = outputReactor;
        this.shutdown = new ShutdownSequence(log);
    }

    /** Any thread. */
    SupervisorState mood() {
        return mood;
    }

    /** The status the daemon should exit with: 0, or what {@link #shutDown(int)} asked for. Any thread. */
    int exitStatus() {
        return exitStatus;
    }

    /** Completes (off the engine thread) once the first pass after {@link #release()} is over. Any thread. */
    CompletionStage<Void> releasedPass() {
        return releasedPass;
    }

    /**
     * The loop is over: a caller still waiting for {@link #releasedPass()} (a shutdown came before
     * the first pass after the release) learns it will not come, instead of waiting in vain.
     */
    private void endedBeforeReleasedPass() {
        if (!releasedPass.isDone()) {
            EventLoop.replies().execute(() -> releasedPass.completeExceptionally(
                    new IllegalStateException("the engine ended before a pass after its release")));
        }
    }

    /** Lets the passes start processes: the daemon's servers are up. */
    void release() {
        released = true;
        events.publish(EventPayloads.supervisorState(EventType.SUPERVISOR_STATE_CHANGE_RUNNING));
    }

    void shutDown() {
        mood = SupervisorState.SHUTDOWN;
    }

    /** Shuts down and exits with {@code status}, unless a shutdown was already asked for. */
    void shutDown(int status) {
        if (mood != SupervisorState.SHUTDOWN) {
            exitStatus = status;
        }
        mood = SupervisorState.SHUTDOWN;
    }

    void restart() {
        mood = SupervisorState.RESTARTING;
    }

    /** Refuses a request that would change something once the way down has begun. */
    void requireRunning() {
        if (mood.code() < SupervisorState.RUNNING.code()) {
            throw new SupervisorException(Fault.SHUTDOWN_STATE, null);
        }
    }

    /** The reaper saw a child exit; any thread. The loop applies it with {@link #applyExits}. */
    void exitReaped(int pid, int status) {
        exits.add(new int[] {pid, status});
    }

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
                events.publish(EventPayloads.supervisorState(EventType.SUPERVISOR_STATE_CHANGE_STOPPING));
                shutdown.begin(table.byPriority());
            }
            shutdown.stopCurrentGroup();
            if (shutdown.allStopped(table.unstopped())) {
                noteFailures();
                return END;
            }
        }
        for (GroupRuntime g : table.byPriority()) {
            g.transition(mood == SupervisorState.RUNNING && released, this::applyExits);
        }
        if (released && !releasedPass.isDone()) {
            EventLoop.replies().execute(() -> releasedPass.complete(null));
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

    /**
     * Container mode: an orderly stop (SIGTERM, {@code shutdown}) that finds a program FATAL exits
     * with status 1, so that the orchestrator sees the failure; a status already asked for
     * (a critical program's, {@code fatal-exit}'s) stands.
     */
    private void noteFailures() {
        if (!failuresSetExitStatus || exitStatus != 0 || mood != SupervisorState.SHUTDOWN) {
            return;
        }
        for (ProcessRuntime p : table.all()) {
            if (p.state() == ProcessState.FATAL) {
                log.warn("exiting with status 1: " + p.namespec() + " is FATAL");
                exitStatus = 1;
                return;
            }
        }
    }

    @Override
    public void ended() {
        endedBeforeReleasedPass();
        reaper.stop();
        outputReactor.endWhenIdle();
    }

    @Override
    public void failed(Throwable t) {
        endedBeforeReleasedPass();
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
                long report = p.state() == ProcessState.STOPPING ? p.nextStopReport() : now + 2 * NANOS;
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
    void applyExits() {
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

    /** A POSIX signal the daemon received. */
    void handleSignal(String name) {
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
}
