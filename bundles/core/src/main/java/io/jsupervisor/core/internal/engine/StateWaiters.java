package io.jsupervisor.core.internal.engine;

import io.jsupervisor.api.process.Fault;
import io.jsupervisor.api.process.ProcessState;
import io.jsupervisor.api.process.SupervisorException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The callers waiting for one process to reach a state: a start with {@code wait} until it is
 * RUNNING (or fails), a stop with {@code wait} until it has stopped. Engine thread only.
 */
final class StateWaiters {
    /** @param name the process as the caller wrote it (a start's fault names it so) */
    private record Waiter(CompletableFuture<Boolean> future, boolean forStart, String name) {}

    private final List<Waiter> waiters = new ArrayList<>();

    void awaitStarted(CompletableFuture<Boolean> future, String name) {
        waiters.add(new Waiter(future, true, name));
    }

    void awaitStopped(CompletableFuture<Boolean> future) {
        waiters.add(new Waiter(future, false, null));
    }

    boolean hasStopWaiters() {
        for (Waiter w : waiters) {
            if (!w.forStart()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Completes the waiters whose condition holds for the process now.
     * @param spawnFailed whether the last spawn left a spawn error
     * @param startPending whether a start waits for the process's dependencies
     */
    void settle(ProcessState state, boolean spawnFailed, boolean startPending) {
        if (waiters.isEmpty()) {
            return;
        }
        // Completing a future runs what is chained on it right here (a batch's next look; the
        // callers' own continuations run on the loop's reply threads): decide first, complete
        // after, so nothing can change the waiter list while it is walked.
        List<Runnable> completions = new ArrayList<>();
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (w.forStart()) {
                // The reference's startProcess onwait, evaluated on every state change.
                if (spawnFailed) {
                    SupervisorException e = new SupervisorException(Fault.SPAWN_ERROR, w.name());
                    completions.add(() -> w.future().completeExceptionally(e));
                } else if (startPending && ProcessState.STOPPED_STATES.contains(state)) {
                    continue; // the start has not happened yet
                } else if (state != ProcessState.STARTING && state != ProcessState.RUNNING) {
                    SupervisorException e = new SupervisorException(Fault.ABNORMAL_TERMINATION, w.name());
                    completions.add(() -> w.future().completeExceptionally(e));
                } else if (state == ProcessState.RUNNING) {
                    completions.add(() -> w.future().complete(true));
                } else {
                    continue;
                }
            } else {
                if (!ProcessState.STOPPED_STATES.contains(state)) {
                    continue;
                }
                completions.add(() -> w.future().complete(true));
            }
            it.remove();
        }
        completions.forEach(Runnable::run);
    }
}
