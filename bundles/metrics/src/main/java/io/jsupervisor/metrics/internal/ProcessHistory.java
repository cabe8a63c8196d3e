package io.jsupervisor.metrics.internal;

import io.jsupervisor.api.process.ProcessState;

/**
 * What one process did since the daemon started, from its state-change events: how often it was
 * started, how often the daemon started it again after it ended or failed to start (from EXITED
 * or BACKOFF: autorestart and start retries), and how long it spent in BACKOFF.
 */
final class ProcessHistory {
    /** The counts at one moment; a BACKOFF still under way counts up to {@code nowMillis}. */
    record Counts(long starts, long restarts, double backoffSeconds) {
        static final Counts NONE = new Counts(0, 0, 0);
    }

    private long starts;
    private long restarts;
    private long backoffMillis;
    private long backoffSince = -1;

    /** A transition {@code from} → {@code to} at {@code atMillis} (the event's time). */
    synchronized void transition(ProcessState from, ProcessState to, long atMillis) {
        if (backoffSince >= 0) {
            backoffMillis += Math.max(0, atMillis - backoffSince);
            backoffSince = -1;
        }
        if (to == ProcessState.BACKOFF) {
            backoffSince = atMillis;
        } else if (to == ProcessState.STARTING) {
            starts++;
            if (from == ProcessState.EXITED || from == ProcessState.BACKOFF) {
                restarts++;
            }
        }
    }

    synchronized Counts counts(long nowMillis) {
        long backoff = backoffMillis + (backoffSince >= 0 ? Math.max(0, nowMillis - backoffSince) : 0);
        return new Counts(starts, restarts, backoff / 1000.0);
    }
}
