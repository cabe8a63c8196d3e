package io.jsupervisor.core.internal.log;

import io.jsupervisor.api.log.LogHandler;
import io.jsupervisor.api.log.LogRecord;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The registered {@link LogHandler} services and the one thread that feeds them. Producers
 * (the activity log, child output pumps) only offer to a bounded queue; a full queue drops the
 * record and counts it, and the count is reported (through {@link #setWarnings}) once records
 * flow again, so nothing is lost silently and no child ever waits for a slow destination.
 */
public final class LogHandlers {
    static final int QUEUE_CAPACITY = 16_384;

    private final Map<LogHandler, Boolean> handlers = new ConcurrentHashMap<>();
    private final BlockingQueue<LogRecord> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    /** Every record dropped since start (the field above counts since the last warning). */
    private final AtomicLong droppedTotal = new AtomicLong();
    private volatile Consumer<String> warnings = System.err::println;
    private volatile boolean anyAllChildren;
    private final Thread thread;
    /**
     * Records logged before any handler is registered (the daemon's first lines come before
     * the bundles' handlers bind): kept, up to a bound, and handed to the first handler.
     */
    static final int EARLY_CAPACITY = 2000;
    private final java.util.ArrayDeque<LogRecord> early = new java.util.ArrayDeque<>();
    private boolean everHandled;
    private volatile boolean closed;

    public LogHandlers() {
        thread = new Thread(null, this::run, "jsupervisor-log-handlers", 256 * 1024);
        thread.setDaemon(true);
        thread.start();
    }

    public void setWarnings(Consumer<String> warnings) {
        this.warnings = warnings == null ? System.err::println : warnings;
    }

    public void add(LogHandler handler, boolean allChildren) {
        handlers.put(handler, allChildren);
        anyAllChildren = handlers.containsValue(Boolean.TRUE);
        synchronized (early) {
            everHandled = true;
            while (!early.isEmpty()) {
                if (!queue.offer(early.pollFirst())) {
                    dropped.incrementAndGet();
                    droppedTotal.incrementAndGet();
                }
            }
        }
    }

    public void remove(LogHandler handler) {
        handlers.remove(handler);
        anyAllChildren = handlers.containsValue(Boolean.TRUE);
    }

    public boolean isEmpty() {
        return handlers.isEmpty();
    }

    /** Whether some handler takes every child's output (else only syslog-flagged streams). */
    public boolean wantsAllChildOutput() {
        return anyAllChildren;
    }

    public void offer(LogRecord r) {
        if (handlers.isEmpty()) {
            synchronized (early) {
                if (!everHandled && r.source() == LogRecord.Source.ACTIVITY) {
                    if (early.size() >= EARLY_CAPACITY) {
                        early.pollFirst();
                    }
                    early.addLast(r);
                }
            }
            return;
        }
        if (!queue.offer(r)) {
            dropped.incrementAndGet();
            droppedTotal.incrementAndGet();
        }
    }

    public void close() {
        closed = true;
        thread.interrupt();
    }

    private void run() {
        while (!closed) {
            LogRecord r;
            try {
                r = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            long lost = dropped.getAndSet(0);
            if (lost > 0) {
                warnings.accept("log handlers fell behind: " + lost + " log record(s) were dropped");
            }
            for (Map.Entry<LogHandler, Boolean> h : handlers.entrySet()) {
                if (r.source() == LogRecord.Source.CHILD && !r.syslog() && !h.getValue()) {
                    continue;
                }
                try {
                    h.getKey().handle(r);
                } catch (Exception | LinkageError e) {
                    // not through warnings: that would feed this handler again
                    System.err.println("jsupervisor: log handler " + h.getKey() + " failed: " + e);
                }
            }
        }
    }

    /** Records waiting for the handlers now. */
    public int queued() {
        return queue.size();
    }

    /** Records dropped because the queue was full, since the daemon started. */
    public long droppedTotal() {
        return droppedTotal.get();
    }
}
