package io.jsupervisor.core.internal.engine;

import io.jsupervisor.api.config.ProcessConfig;
import io.jsupervisor.core.internal.log.ActivityLog;

/**
 * When one process's next automatic restart after a run may happen, under jsupervisor's
 * {@code restart_delay} options. With the reference's policy there is no pause and this does
 * nothing. Engine thread only.
 */
final class AutorestartSchedule {
    private final ProcessConfig config;
    private final RestartPauses pauses;
    /** Autorestarts after a run since the count last started again (see {@link RestartPauses}). */
    private int restarts;
    /** When an autorestart after a run may happen (nanoTime); 0: at once, or none pending. */
    private long restartAt;

    AutorestartSchedule(ProcessConfig config) {
        this.config = config;
        this.pauses = new RestartPauses(config.restart());
    }

    /** The pause before start retry number {@code backoff} (BACKOFF, the reference's rule by default). */
    long backoffPause(int backoff) {
        return pauses.pause(backoff);
    }

    /**
     * A run that lasted {@code ran} nanoseconds ended at {@code now}. A run shorter than
     * {@code backoff_reset_after} counts as one more try, so a program that keeps ending soon
     * after it started waits longer each time.
     */
    void runEnded(long now, long ran, ActivityLog log) {
        if (!pauses.pausesAutorestart()) {
            return;
        }
        restarts = pauses.resetsCount(ran) ? 1 : restarts + 1;
        long pause = pauses.pause(restarts);
        restartAt = now + pause;
        if (config.autorestart() != ProcessConfig.AutoRestart.FALSE) {
            log.debug("an autorestart of " + config.name() + " waits " + pause / 1_000_000 + " ms (try "
                    + restarts + ")");
        }
    }

    /** Whether an autorestart due now must still wait. */
    boolean waiting(long now) {
        return restartAt != 0 && now - restartAt < 0;
    }

    /** The restart happens (or is no longer pending). */
    void clear() {
        restartAt = 0;
    }

    /** When the loop must wake for a pending autorestart, or {@code Long.MAX_VALUE}. */
    long deadline() {
        return restartAt != 0 ? restartAt + 1 : Long.MAX_VALUE;
    }
}
