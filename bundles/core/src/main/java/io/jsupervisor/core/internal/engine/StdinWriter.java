package io.jsupervisor.core.internal.engine;

import io.jsupervisor.core.internal.log.ActivityLog;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A child's stdin. Writes go through a thread of their own, started on the first write and gone
 * when idle, so a child that does not read its stdin fills its pipe without ever blocking the
 * engine (the reference buffers stdin writes in its event loop for the same reason).
 */
final class StdinWriter {
    private final OutputStream stdin;
    private final ActivityLog log;
    private final String name;
    /** Made on the first write that needs it: most children are never written to. */
    private ExecutorService writer;

    StdinWriter(OutputStream stdin, ActivityLog log, String name) {
        this.stdin = stdin;
        this.log = log;
        this.name = name;
    }

    /** Engine thread only, as every method here. */
    void write(byte[] data) {
        byte[] copy = data.clone();
        queued.incrementAndGet();
        if (writer == null) {
            writer = new ThreadPoolExecutor(0, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(null, r, "jsupervisor-stdin-" + name, 128 * 1024);
                t.setDaemon(true);
                return t;
            });
        }
        writer.execute(() -> {
            try {
                stdin.write(copy);
                stdin.flush();
            } catch (IOException e) {
                log.debug("could not write to the stdin of " + name + ": " + e.getMessage());
            } finally {
                queued.decrementAndGet();
            }
        });
    }

    /** Writes still waiting for (or in) the writer thread. */
    private final java.util.concurrent.atomic.AtomicInteger queued = new java.util.concurrent.atomic.AtomicInteger();

    /** What an empty pipe surely takes without blocking (a pipe holds 64 KiB on Linux). */
    static final int DIRECT_LIMIT = 16 * 1024;

    /**
     * An event listener's envelope, on the engine thread: written at once when nothing is queued
     * before it and it fits an empty pipe (a listener holds at most one event, so its pipe is
     * empty when the next one goes), else handed to the writer thread like any stdin data. This
     * saves a thread hand-off on every event.
     */
    void writeEnvelope(byte[] data) {
        if (data.length > DIRECT_LIMIT || queued.get() != 0) {
            write(data);
            return;
        }
        try {
            stdin.write(data);
            stdin.flush();
        } catch (IOException e) {
            log.debug("could not write to the stdin of " + name + ": " + e.getMessage());
        }
    }

    /** The child is gone: close the pipe after what was queued. */
    void close() {
        if (writer == null || queued.get() == 0) {
            // nothing queued: closing our end of a pipe never blocks, no thread needed
            closeQuietly();
            if (writer != null) {
                writer.shutdown();
            }
            return;
        }
        writer.execute(this::closeQuietly);
        writer.shutdown();
    }

    private void closeQuietly() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // nothing left to flush to
        }
    }
}
