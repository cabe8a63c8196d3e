package io.jsupervisor.core.internal.engine;

import io.jsupervisor.api.process.Fault;
import io.jsupervisor.api.process.ProcessResult;
import io.jsupervisor.api.process.SupervisorException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The reference's {@code make_allfunc}: one operation (start, stop, signal) applied to many
 * processes in order. A refusal becomes that process's result; the answer completes when every
 * deferred operation has. Answers known at once come first, in order; deferred ones follow as
 * they complete, and those that complete between two looks (the reference polls its callbacks)
 * in process order. Runs on the engine thread, looking again on the loop's own timers.
 */
final class BatchOperation {
    /** The reference looks at its callbacks 50 ms apart, the first time 50 ms after the request. */
    static final long LOOK_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private record Pending(String name, String group, CompletableFuture<Boolean> done) {}

    private final EventLoop loop;
    private final List<ProcessResult> results = new ArrayList<>();
    private final List<Pending> pending = new ArrayList<>();
    private final CompletableFuture<List<ProcessResult>> answer = new CompletableFuture<>();

    private BatchOperation(EventLoop loop) {
        this.loop = loop;
    }

    /** Applies {@code op} to each of {@code processes} that {@code selected} accepts. */
    static CompletableFuture<List<ProcessResult>> apply(EventLoop loop, List<ProcessRuntime> processes,
            Predicate<ProcessRuntime> selected, Function<ProcessRuntime, CompletableFuture<Boolean>> op) {
        BatchOperation batch = new BatchOperation(loop);
        for (ProcessRuntime p : processes) {
            if (selected.test(p)) {
                batch.applyTo(p, op);
            }
        }
        batch.start();
        return batch.answer;
    }

    private void applyTo(ProcessRuntime p, Function<ProcessRuntime, CompletableFuture<Boolean>> op) {
        String name = p.config.name();
        String group = p.groupName;
        CompletableFuture<Boolean> f;
        try {
            f = op.apply(p);
        } catch (SupervisorException e) {
            results.add(ProcessResult.failed(name, group, e));
            return;
        }
        if (f.isDone()) {
            results.add(outcome(name, group, f));
        } else {
            pending.add(new Pending(name, group, f));
        }
    }

    private void start() {
        if (pending.isEmpty()) {
            answer.complete(List.copyOf(results));
            return;
        }
        long firstLook = System.nanoTime() + LOOK_DELAY_NANOS;
        for (Pending p : List.copyOf(pending)) {
            // a timer already due runs at the loop's next wake, after the pass that completed it
            p.done().whenComplete((ok, e) -> loop.at(firstLook, this::look));
        }
    }

    /** Takes in, in process order, every deferred operation that has completed by now. */
    private void look() {
        for (var it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.done().isDone()) {
                results.add(outcome(p.name(), p.group(), p.done()));
                it.remove();
            }
        }
        if (pending.isEmpty() && !answer.isDone()) {
            answer.complete(List.copyOf(results));
        }
    }

    private static ProcessResult outcome(String name, String group, CompletableFuture<Boolean> done) {
        try {
            done.join();
            return ProcessResult.ok(name, group);
        } catch (CompletionException | CancellationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof SupervisorException se) {
                return ProcessResult.failed(name, group, se);
            }
            return ProcessResult.failed(name, group, new SupervisorException(Fault.FAILED, String.valueOf(cause)));
        }
    }
}
