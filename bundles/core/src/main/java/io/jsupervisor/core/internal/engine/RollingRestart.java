package io.jsupervisor.core.internal.engine;

import io.jsupervisor.api.config.ProcessConfig;
import io.jsupervisor.api.process.Fault;
import io.jsupervisor.api.process.ProcessResult;
import io.jsupervisor.api.process.ProcessState;
import io.jsupervisor.api.process.SupervisorException;
import io.jsupervisor.core.internal.log.ActivityLog;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One rolling restart of a group: its processes {@code batch} at a time, in the group's order.
 * Each batch is stopped (every member has stopped), started, and waited for until every member
 * is ready before the next batch begins. The first member that does not become ready stops the
 * roll; later batches are not touched. Engine thread only: every wait is a state waiter or one of
 * the loop's timers, and every future here completes on the engine thread.
 *
 * <p>How long a member may take to become ready, counted from its start: without a
 * {@code ready_check}, its {@code startsecs} (ready means RUNNING); with one, the longer of
 * {@code startsecs} and {@code ready_timeout}, or of {@code startsecs} and
 * {@link #UNTIMED_CHECK_SECONDS} when {@code ready_timeout} is 0 (no limit of its own: a roll must
 * still end). {@link #MARGIN_NANOS} more is allowed for the pass that moves it to RUNNING.
 */
final class RollingRestart {
    /** How often the roll looks whether a started member is ready yet. */
    static final long LOOK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    static final long MARGIN_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** The wait for a member whose ready check has no timeout of its own ({@code ready_timeout = 0}). */
    static final double UNTIMED_CHECK_SECONDS = 120;

    private final String group;
    private final List<ProcessRuntime> members;
    private final int batchSize;
    private final ProcessCommands commands;
    private final EventLoop loop;
    private final ActivityLog log;
    private final Runnable requireRunning;
    private final ProcessResult[] results;
    private final CompletableFuture<List<ProcessResult>> answer = new CompletableFuture<>();
    /** The index of the first member of the next batch. */
    private int next;
    /** Why the roll stopped (the first failure's text), or null while it goes on. */
    private String stopReason;

    RollingRestart(String group, List<ProcessRuntime> members, int batchSize, ProcessCommands commands,
            EventLoop loop, ActivityLog log, Runnable requireRunning) {
        this.group = group;
        this.members = List.copyOf(members);
        this.batchSize = batchSize;
        this.commands = commands;
        this.loop = loop;
        this.log = log;
        this.requireRunning = requireRunning;
        this.results = new ProcessResult[members.size()];
    }

    CompletableFuture<List<ProcessResult>> run() {
        nextBatch();
        return answer;
    }

    private void nextBatch() {
        if (next >= members.size()) {
            log.info("rolling restart of " + group + ": done");
            answer.complete(List.of(results));
            return;
        }
        int from = next;
        int to = Math.min(from + batchSize, members.size());
        next = to;
        List<ProcessRuntime> batch = members.subList(from, to);
        int batches = (members.size() + batchSize - 1) / batchSize;
        log.info("rolling restart of " + group + ": batch " + (from / batchSize + 1) + " of " + batches + ": "
                + batch.stream().map(ProcessRuntime::namespec).collect(Collectors.joining(", ")));
        settleAll(batch.stream().map(this::stopped).toList(), from, () -> startBatch(from, batch));
    }

    private void startBatch(int from, List<ProcessRuntime> batch) {
        try {
            requireRunning.run();
        } catch (SupervisorException e) {
            stopReason = "the daemon is stopping";
            for (int i = 0; i < batch.size(); i++) {
                results[from + i] = ProcessResult.failed(batch.get(i).config.name(), group, new SupervisorException(
                        Fault.SHUTDOWN_STATE, batch.get(i).namespec() + " was not started again: " + stopReason));
            }
            stop(from);
            return;
        }
        settleAll(batch.stream().map(this::readyAgain).toList(), from, this::nextBatch);
    }

    /**
     * Waits for every step of a batch (each completes on the engine thread); records the members
     * whose step failed, then goes on with {@code then} if none did, else stops the roll.
     */
    private void settleAll(List<CompletableFuture<Boolean>> steps, int from, Runnable then) {
        CompletableFuture.allOf(steps.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
            boolean failed = false;
            for (int i = 0; i < steps.size(); i++) {
                if (steps.get(i).isCompletedExceptionally()) {
                    SupervisorException why = failure(steps.get(i));
                    results[from + i] = ProcessResult.failed(members.get(from + i).config.name(), group, why);
                    if (stopReason == null) {
                        stopReason = why.detail() == null ? why.getMessage() : why.detail();
                    }
                    failed = true;
                }
            }
            if (failed) {
                stop(from);
            } else {
                // on the loop's next turn: out of the state waiter that completed the last step,
                // and no deeper stack for a long roll whose steps complete at once
                loop.post(then);
            }
        });
    }

    /** Completes once {@code p} has stopped: it is stopped now if it runs, else waited for if it is stopping. */
    private CompletableFuture<Boolean> stopped(ProcessRuntime p) {
        if (ProcessState.STOPPED_STATES.contains(p.state())) {
            return CompletableFuture.completedFuture(true);
        }
        if (p.state() == ProcessState.STOPPING) {
            CompletableFuture<Boolean> stopped = new CompletableFuture<>();
            p.awaitStopped(stopped);
            return stopped;
        }
        try {
            return commands.stop(p, true, true, p.namespec()).exceptionallyCompose(e -> CompletableFuture.failedFuture(
                    new SupervisorException(Fault.FAILED, p.namespec() + " could not be stopped (" + cause(e) + ")")));
        } catch (SupervisorException e) {
            return CompletableFuture.failedFuture(new SupervisorException(e.fault(),
                    p.namespec() + " could not be stopped (" + e.getMessage() + ")"));
        }
    }

    /** Starts {@code p} and completes once it is ready; fails when it exits or is not ready in time. */
    private CompletableFuture<Boolean> readyAgain(ProcessRuntime p) {
        long deadline = System.nanoTime() + readyLimitNanos(p.config) + MARGIN_NANOS;
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        CompletableFuture<Boolean> started;
        try {
            started = commands.start(p, true, p.namespec());
        } catch (SupervisorException e) {
            return CompletableFuture.failedFuture(notReady(p, e.fault(), e.getMessage()));
        }
        started.whenComplete((ok, e) -> {
            if (e == null) {
                look(p, deadline, ready);
            } else if (unwrap(e) instanceof SupervisorException se) {
                // the start's faults, as supervisorctl's start says them
                ready.completeExceptionally(notReady(p, se.fault(), switch (se.fault()) {
                    case SPAWN_ERROR -> "spawn error";
                    case ABNORMAL_TERMINATION -> "abnormal termination";
                    default -> se.getMessage();
                }));
            } else {
                ready.completeExceptionally(notReady(p, Fault.FAILED, cause(e)));
            }
        });
        return ready.thenApply(ok -> {
            results[members.indexOf(p)] = ProcessResult.ok(p.config.name(), group);
            return ok;
        });
    }

    /** Looks again, on the loop's timer, until {@code p} is ready, has left RUNNING, or its time is up. */
    private void look(ProcessRuntime p, long deadline, CompletableFuture<Boolean> ready) {
        long now = System.nanoTime();
        if (p.isReady()) {
            ready.complete(true);
        } else if (p.state() != ProcessState.RUNNING) {
            ready.completeExceptionally(notReady(p, Fault.ABNORMAL_TERMINATION, "it went " + p.state()));
        } else if (now - deadline >= 0) {
            ready.completeExceptionally(notReady(p, Fault.FAILED, "not ready within "
                    + ProcessReadiness.seconds(readyLimitNanos(p.config) / 1e9) + " s"));
        } else {
            long at = now + LOOK_NANOS;
            loop.at(at - deadline < 0 ? at : deadline, () -> look(p, deadline, ready));
        }
    }

    /** How long {@code c}'s process may take to become ready, without the margin (see the class comment). */
    static long readyLimitNanos(ProcessConfig c) {
        double seconds = c.startsecs();
        if (c.readiness().check() != null) {
            double timeout = c.readiness().timeout();
            seconds = Math.max(seconds, timeout > 0 ? timeout : UNTIMED_CHECK_SECONDS);
        }
        return (long) (seconds * TimeUnit.SECONDS.toNanos(1));
    }

    private static SupervisorException notReady(ProcessRuntime p, Fault fault, String why) {
        return new SupervisorException(fault, p.namespec() + " did not become ready (" + why + ")");
    }

    /**
     * Ends the roll after a failure in the batch that begins at {@code from}: the members of later
     * batches are left as they are and said to be not restarted.
     */
    private void stop(int from) {
        log.warn("rolling restart of " + group + ": stopped, " + stopReason);
        for (int i = from; i < members.size(); i++) {
            if (results[i] == null) {
                results[i] = ProcessResult.failed(members.get(i).config.name(), group, new SupervisorException(
                        Fault.FAILED, "not restarted: the rolling restart stopped before it"));
            }
        }
        answer.complete(List.of(results));
    }

    private static SupervisorException failure(CompletableFuture<Boolean> step) {
        try {
            step.join();
            throw new IllegalStateException("the step did not fail");
        } catch (CompletionException e) {
            return unwrap(e) instanceof SupervisorException se ? se
                    : new SupervisorException(Fault.FAILED, cause(e));
        }
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String cause(Throwable e) {
        Throwable t = unwrap(e);
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
