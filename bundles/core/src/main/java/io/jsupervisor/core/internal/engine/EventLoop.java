package io.jsupervisor.core.internal.engine;

import io.jsupervisor.api.process.Fault;
import io.jsupervisor.api.process.SupervisorException;
import io.jsupervisor.core.internal.log.ActivityLog;
import java.util.PriorityQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The engine's one thread: it runs a pass over the processes, then sleeps until the pass's next
 * deadline, a timer or a message in its inbox, whichever comes first. Other threads never touch
 * process state; they hand work to the inbox ({@link #post}, {@link #call}, {@link #callNow}).
 *
 * <p>The futures {@link #call} returns are completed on a caller-side executor, never on this
 * thread: a caller's continuation (a multicall's next call, a restart's start after its stop)
 * runs elsewhere and may call the engine again without the engine having to guard against
 * re-entry.
 */
final class EventLoop {
    /** What the loop runs: one pass, which says when the next one is due. */
    interface Body {
        /** Runs once on the loop thread, before the first pass. */
        void begin();

        /** Returned by {@link #pass} when the loop must end. */
        long END = Long.MIN_VALUE;

        /** One pass; returns the {@code System.nanoTime()} by which the next must run, or {@link #END}. */
        long pass();

        /** The loop ended normally (a pass returned {@link #END}); runs before the last drain. */
        void ended();

        /** A pass threw (or the thread was interrupted): the loop is over; runs before the last drain. */
        void failed(Throwable t);
    }

    /** Where callers' futures are completed: threads that are never the engine's. */
    private static final ExecutorService REPLIES = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "jsupervisor-engine-reply");
        t.setDaemon(true);
        return t;
    });

    private record Timer(long at, long order, Runnable task) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(at - o.at, 0);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }

    private final BlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
    /** Loop thread only. */
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private long timerOrder;
    private final String name;
    private final ActivityLog log;
    private volatile Thread thread;
    private volatile boolean ended;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();

    EventLoop(String name, ActivityLog log) {
        this.name = name;
        this.log = log;
    }

    /** Starts the thread that runs {@code body} until a pass says END. */
    void start(Body body) {
        Thread t = new Thread(null, () -> run(body), name, 512 * 1024);
        thread = t;
        t.start();
    }

    boolean onLoopThread() {
        return Thread.currentThread() == thread;
    }

    /** Runs work on the loop thread, after what is already queued; any thread may call it. */
    void post(Runnable work) {
        inbox.add(work);
        if (ended) {
            drainAfterEnd();
        }
    }

    /** Runs {@code task} on the loop thread once {@code System.nanoTime()} reaches {@code at}. */
    void at(long at, Runnable task) {
        if (!onLoopThread()) {
            post(() -> at(at, task));
            return;
        }
        timers.add(new Timer(at, timerOrder++, task));
    }

    /**
     * Runs {@code work} on the loop thread; the answer completes, on a caller-side thread, with
     * what the future {@code work} returns completes with (or with what it threw).
     */
    <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        post(() -> {
            try {
                work.get().whenCompleteAsync((v, e) -> {
                    if (e != null) {
                        result.completeExceptionally(e);
                    } else {
                        result.complete(v);
                    }
                }, REPLIES);
            } catch (RuntimeException | LinkageError e) {
                REPLIES.execute(() -> result.completeExceptionally(e));
            }
        });
        return result;
    }

    /** Runs {@code work} on the loop thread and waits for its value; rethrows what it threw. */
    <T> T callNow(Supplier<T> work) {
        if (onLoopThread()) {
            // it would wait for itself forever: a programming error, said loudly
            throw new IllegalStateException("engine called from its own thread");
        }
        // Nobody else sees this future, so completing it on the loop thread runs no one's code.
        CompletableFuture<T> answer = new CompletableFuture<>();
        post(() -> {
            try {
                answer.complete(work.get());
            } catch (RuntimeException | LinkageError e) {
                answer.completeExceptionally(e);
            }
        });
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SupervisorException(Fault.FAILED, "interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new SupervisorException(Fault.FAILED, String.valueOf(e.getCause()));
        }
    }

    /** Caller-side completion for the loop's own use (a batch answer that completes on a timer). */
    static Executor replies() {
        return REPLIES;
    }

    /** Completes once the loop has ended and drained its inbox; exceptionally if a pass threw. */
    CompletableFuture<Void> finished() {
        return finished;
    }

    private void run(Body body) {
        Throwable failure = null;
        try {
            body.begin();
            while (true) {
                long deadline = body.pass();
                if (deadline == Body.END) {
                    break;
                }
                waitAndRun(deadline);
            }
            body.ended();
        } catch (Throwable t) {
            if (t instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            failure = t;
            body.failed(t);
        }
        ended = true;
        drainAfterEnd();
        if (failure == null) {
            finished.complete(null);
        } else {
            finished.completeExceptionally(failure);
        }
    }

    /** Sleeps until the deadline, the first timer or a message; then runs what is due. */
    private void waitAndRun(long deadline) throws InterruptedException {
        Timer first = timers.peek();
        if (first != null && first.at - deadline < 0) {
            deadline = first.at;
        }
        long wait = deadline - System.nanoTime();
        Runnable task = wait <= 0 ? inbox.poll() : inbox.poll(wait, TimeUnit.NANOSECONDS);
        long now = System.nanoTime();
        while (!timers.isEmpty() && timers.peek().at - now <= 0) {
            runTask(timers.poll().task);
        }
        while (task != null) {
            runTask(task);
            task = inbox.poll();
        }
    }

    /**
     * Requests that arrive once the loop has ended still get an answer: they run where they are,
     * against frozen state, and every one that would change something is refused with
     * SHUTDOWN_STATE by the engine.
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
        } catch (RuntimeException | LinkageError e) {
            // A failing request must never take the engine (and every process) down with it.
            // A LinkageError too: a class that could not be read (no descriptor left to reopen its
            // bundle jar) fails the one request that needed it, and the caller gets an answer.
            log.error("uncaught exception in the engine: " + e);
        }
    }
}
