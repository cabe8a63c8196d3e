package io.jsupervisor.core.internal.engine;

import io.jsupervisor.api.config.Readiness;
import io.jsupervisor.api.config.ReadyCheck;
import io.jsupervisor.api.event.EventType;
import io.jsupervisor.api.process.ProcessState;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Whether one process is ready: RUNNING, and (with a {@code ready_check}) its check passing.
 * Checks start at the spawn and repeat every {@code ready_interval} while the process lives;
 * the first pass must come within {@code ready_timeout} of the spawn, or the process stays
 * "not ready" until it is started again (it is not stopped: a slow service may still be of use,
 * and what to do is the operator's call). Only a process with jsupervisor's readiness options
 * logs its readiness and raises PROCESS_READY / PROCESS_NOT_READY; for the others ready simply
 * means RUNNING. Engine thread only, except the log tap.
 */
final class ProcessReadiness {
    private static final long NANOS = TimeUnit.SECONDS.toNanos(1);

    private final String name;
    private final String group;
    private final Readiness config;
    private final EngineContext ctx;
    /** Has jsupervisor's options: says what it does (log lines, events, descriptions). */
    private final boolean tracked;
    private final boolean probed;
    private final Pattern logPattern;

    /** Which spawn the state below belongs to; a result of an earlier one is dropped. */
    private int run;
    private int pid;
    private boolean running;
    private boolean passed;
    private boolean ready;
    private boolean timedOut;
    private boolean inFlight;
    private String lastFailure;
    /** nanoTime of the next probe, or 0 for none; of the first-pass deadline, or 0 for none. */
    private long nextCheck;
    private long deadline;

    ProcessReadiness(String name, String group, Readiness config, EngineContext ctx) {
        this.name = name;
        this.group = group;
        this.config = config;
        this.ctx = ctx;
        ReadyCheck check = config.check();
        this.tracked = !config.dependsOn().isEmpty() || check != null;
        this.probed = check != null && !(check instanceof ReadyCheck.Log);
        this.logPattern = check instanceof ReadyCheck.Log log ? Pattern.compile(log.regex()) : null;
        this.passed = true;
    }

    boolean isReady() {
        return ready;
    }

    /** A new child: not ready until RUNNING and (with a check) its check has passed. */
    void spawned(int childPid, long now) {
        run++;
        pid = childPid;
        passed = config.check() == null;
        timedOut = false;
        inFlight = false;
        lastFailure = null;
        nextCheck = probed ? now : 0;
        deadline = config.check() != null && config.timeout() > 0 ? now + (long) (config.timeout() * NANOS) : 0;
        update();
    }

    /** The process's state changed. */
    void stateChanged(ProcessState next) {
        running = next == ProcessState.RUNNING;
        if (!ProcessState.RUNNING_STATES.contains(next)) {
            nextCheck = 0;
            deadline = 0;
        }
        update();
    }

    /** For a {@code log:} check: the tap for one of the child's streams, else null. */
    OutputPump.Tap logTap() {
        if (logPattern == null) {
            return null;
        }
        int thisRun = run;
        return new ReadyLogTap(logPattern, () -> ctx.post(() -> result(thisRun, null)));
    }

    /** The pass's turn: start a probe that is due, give up on a first pass that is overdue. */
    void step(long now, ReadyProbes probes) {
        if (deadline != 0 && !passed && now - deadline >= 0) {
            timedOut = true;
            deadline = 0;
            nextCheck = 0;
            ctx.log().warn("not ready: " + name + " (" + config.check().configValue() + " did not pass within "
                    + seconds(config.timeout()) + " s" + (lastFailure == null ? "" : ": " + lastFailure) + ")");
            update();
        }
        if (nextCheck != 0 && !inFlight && now - nextCheck >= 0) {
            inFlight = true;
            nextCheck = 0;
            int thisRun = run;
            long wait = (long) (config.interval() * 1000);
            probes.probe(config.check(), wait).thenAccept(failure -> ctx.post(() -> result(thisRun, failure)));
        }
    }

    /** When the pass must next run for this process, or {@code Long.MAX_VALUE}. */
    long nextDeadline() {
        long next = Long.MAX_VALUE;
        if (nextCheck != 0 && !inFlight) {
            next = nextCheck;
        }
        if (deadline != 0 && (next == Long.MAX_VALUE || deadline - next < 0)) {
            next = deadline;
        }
        return next;
    }

    private void result(int ofRun, String failure) {
        if (ofRun != run) {
            return; // a check of an earlier child
        }
        inFlight = false;
        if (timedOut) {
            return;
        }
        if (failure == null) {
            deadline = 0;
        }
        passed = failure == null;
        lastFailure = failure;
        if (probed && pid != 0) {
            nextCheck = ctx.nanoTime() + (long) (config.interval() * NANOS);
        }
        update();
    }

    /** The process ended: no more checks for this child. */
    void exited() {
        pid = 0;
        nextCheck = 0;
        deadline = 0;
        run++;
    }

    private void update() {
        boolean now = running && passed && !timedOut;
        if (now == ready) {
            return;
        }
        ready = now;
        if (ready && ctx.anyDependencies()) {
            // one more pass: a dependent whose turn in this pass came first may start now
            ctx.post(() -> { });
        }
        if (!tracked) {
            return;
        }
        if (ready) {
            ctx.log().info("ready: " + name + (config.check() == null ? "" : " (" + config.check().configValue() + ")"));
        } else if (running) {
            ctx.log().warn("not ready: " + name + " (" + (lastFailure == null ? "check failed" : lastFailure) + ")");
        }
        ctx.publish(EventPayloads.processReadiness(name, group, pid,
                ready ? EventType.PROCESS_READY : EventType.PROCESS_NOT_READY));
    }

    /** 60 rather than 60.0; 0.5 as it is. */
    static String seconds(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    /** What getProcessInfo's description adds: "" unless a tracked process is not ready while it runs. */
    String describe() {
        if (!tracked || !running || ready) {
            return "";
        }
        return timedOut ? "not ready (ready check timed out)" : "not ready";
    }
}
