package io.jsupervisor.core.internal.engine;

import java.util.concurrent.TimeUnit;

/**
 * The reference's stop_report for one process: while a caller waits for a stop, a "waiting for
 * x to stop" line at most every 2 s. Engine thread only.
 */
final class StopReports {
    private static final long EVERY = TimeUnit.SECONDS.toNanos(2);

    private long last;
    /** No line before this (nanoTime), see {@link #defer}. */
    private long first;

    /** A new stop: the next line may come at once. */
    void reset() {
        last = 0;
        first = 0;
    }

    /** Whether a line is due at {@code now}; if so, it counts as written. */
    boolean due(long now) {
        if (now - first < 0) {
            return false;
        }
        if (last == 0 || now > last + EVERY) {
            last = now;
            return true;
        }
        return false;
    }

    /**
     * For a group or all-process stop: the reference first asks after its 50 ms poll delay, so
     * children that end at once on the stop signal never get a "waiting for" line.
     */
    void defer(long until) {
        first = until;
    }

    /** When the next line may be due. */
    long next() {
        return last == 0 ? first : last + EVERY + 1;
    }
}
