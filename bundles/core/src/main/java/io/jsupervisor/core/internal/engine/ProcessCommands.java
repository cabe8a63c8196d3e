package io.jsupervisor.core.internal.engine;

import io.jsupervisor.api.process.Fault;
import io.jsupervisor.api.process.ProcessState;
import io.jsupervisor.api.process.Signals;
import io.jsupervisor.api.process.SupervisorException;
import io.jsupervisor.core.internal.log.ActivityLog;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * What a caller may ask of one process (start, stop, signal, clear its logs), with the
 * reference's checks and faults. Each answers a future that completes when the operation is
 * over: at once, or (with {@code wait}) once the process reaches its state. A fault names the
 * process as the caller wrote it ({@code name}: {@code cat:cat} stays {@code cat:cat}), as the
 * reference's do. Engine thread only.
 */
final class ProcessCommands {
    private final Spawner spawner;
    private final Dependencies dependencies;
    private final ActivityLog log;

    ProcessCommands(Spawner spawner, Dependencies dependencies, ActivityLog log) {
        this.spawner = spawner;
        this.dependencies = dependencies;
        this.log = log;
    }

    static boolean isRunning(ProcessRuntime p) {
        return ProcessState.RUNNING_STATES.contains(p.state());
    }

    static boolean isNotRunning(ProcessRuntime p) {
        return !isRunning(p);
    }

    static boolean isSignallable(ProcessRuntime p) {
        return ProcessState.SIGNALLABLE_STATES.contains(p.state());
    }

    /** The reference's startProcess for one process. */
    CompletableFuture<Boolean> start(ProcessRuntime p, boolean wait, String name) {
        try {
            spawner.resolve(p.config.command());
        } catch (Spawner.CommandException e) {
            throw new SupervisorException(e.fault(), e.getMessage());
        }
        if (isRunning(p)) {
            throw new SupervisorException(Fault.ALREADY_STARTED, name);
        }
        if (p.state() == ProcessState.UNKNOWN) {
            throw new SupervisorException(Fault.FAILED, name + " is in an unknown process state");
        }
        if (dependencies.firstUnready(p) != null) {
            return startAfterDependencies(p, wait, name);
        }
        p.spawn();
        if (p.spawnFailed()) {
            throw new SupervisorException(Fault.SPAWN_ERROR, name);
        }
        p.transition(false);
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        if (wait && p.state() != ProcessState.RUNNING) {
            p.awaitStarted(done, name);
        } else {
            done.complete(true);
        }
        return done;
    }

    /**
     * A start that waits for {@code p}'s dependencies: each one not running is asked to start
     * (itself after its own), and the passes start {@code p} once all are ready.
     */
    private CompletableFuture<Boolean> startAfterDependencies(ProcessRuntime p, boolean wait, String name) {
        List<ProcessRuntime> unready = dependencies.closure(p).stream().filter(d -> !d.isReady()).toList();
        log.info("starting " + p.config.name() + " once its dependencies are ready: "
                + unready.stream().map(ProcessRuntime::namespec).collect(Collectors.joining(", ")));
        for (ProcessRuntime d : unready) {
            if (!isRunning(d) && d.state() != ProcessState.STOPPING) {
                d.requestStart();
            }
        }
        p.requestStart();
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        if (wait) {
            p.awaitStarted(done, name);
        } else {
            done.complete(true);
        }
        return done;
    }

    /**
     * The reference's stopProcess for one process.
     * @param many part of a group or all-process stop: the first "waiting for" line waits for the
     *     batch's first look (see {@link BatchOperation})
     */
    CompletableFuture<Boolean> stop(ProcessRuntime p, boolean wait, boolean many, String name) {
        if (!isRunning(p)) {
            throw new SupervisorException(Fault.NOT_RUNNING, name);
        }
        List<ProcessRuntime> dependents = dependencies.dependents(p).stream()
                .filter(d -> !ProcessState.STOPPED_STATES.contains(d.state())).toList();
        if (!dependents.isEmpty()) {
            return stopAfterDependents(p, dependents, wait, many, name);
        }
        return stopNow(p, wait, many, name);
    }

    /** Stops {@code dependents} one after the other (each once the one before has stopped), then {@code p}. */
    private CompletableFuture<Boolean> stopAfterDependents(ProcessRuntime p, List<ProcessRuntime> dependents,
            boolean wait, boolean many, String name) {
        log.info("stopping " + p.config.name() + " after what depends on it: "
                + dependents.stream().map(ProcessRuntime::namespec).collect(Collectors.joining(", ")));
        CompletableFuture<Boolean> chain = CompletableFuture.completedFuture(true);
        for (ProcessRuntime d : dependents) {
            chain = chain.thenCompose(ok -> stoppedOrStopping(d));
        }
        // the futures complete on the engine thread (StateWaiters), so this runs there too
        return chain.thenCompose(ok -> isRunning(p) ? stopNow(p, wait, many, name) : CompletableFuture.completedFuture(true));
    }

    /** Stops {@code d} if it runs, and completes once it has stopped. */
    private CompletableFuture<Boolean> stoppedOrStopping(ProcessRuntime d) {
        if (ProcessState.STOPPED_STATES.contains(d.state())) {
            return CompletableFuture.completedFuture(true);
        }
        if (isRunning(d)) {
            String msg = d.stop();
            if (msg != null) {
                return CompletableFuture.failedFuture(new SupervisorException(Fault.FAILED, msg));
            }
        }
        CompletableFuture<Boolean> stopped = new CompletableFuture<>();
        d.awaitStopped(stopped);
        return stopped;
    }

    private CompletableFuture<Boolean> stopNow(ProcessRuntime p, boolean wait, boolean many, String name) {
        String msg = p.stop();
        if (msg != null) {
            throw new SupervisorException(Fault.FAILED, msg);
        }
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        if (wait && !ProcessState.STOPPED_STATES.contains(p.state())) {
            p.awaitStopped(done);
            if (many) {
                p.deferStopReport(BatchOperation.LOOK_DELAY_NANOS);
            } else {
                p.stopReport();
            }
        } else {
            done.complete(true);
        }
        return done;
    }

    /** The signal's number; BAD_SIGNAL for a name or number the platform does not know. */
    static int signalNumber(String signal) {
        try {
            return Signals.number(signal);
        } catch (IllegalArgumentException e) {
            throw new SupervisorException(Fault.BAD_SIGNAL, signal);
        }
    }

    CompletableFuture<Boolean> signal(ProcessRuntime p, int sig, String name) {
        if (!isSignallable(p)) {
            throw new SupervisorException(Fault.NOT_RUNNING, name);
        }
        String msg = p.signal(sig);
        if (msg != null) {
            throw new SupervisorException(Fault.FAILED, msg);
        }
        return CompletableFuture.completedFuture(true);
    }

    void clearLogs(ProcessRuntime p, String name) {
        try {
            p.clearLogs();
        } catch (IOException e) {
            throw new SupervisorException(Fault.FAILED, name);
        }
    }
}
