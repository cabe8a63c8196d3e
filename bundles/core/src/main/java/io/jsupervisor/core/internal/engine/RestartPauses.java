package io.jsupervisor.core.internal.engine;

import io.jsupervisor.api.config.RestartPolicy;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The pauses a program's {@link RestartPolicy} asks for. With the reference's policy the n-th
 * retry after an exit during {@code startsecs} waits n seconds, to the nanosecond, and an
 * autorestart after a run does not wait.
 */
final class RestartPauses {
    private static final double NANOS = TimeUnit.SECONDS.toNanos(1);

    private final RestartPolicy policy;

    RestartPauses(RestartPolicy policy) {
        this.policy = policy;
    }

    /** Whether an autorestart after a run waits ({@code restart_delay} is set). */
    boolean pausesAutorestart() {
        return policy.restartDelay() != null;
    }

    /** Whether a run of {@code uptimeNanos} starts the autorestart count again. */
    boolean resetsCount(long uptimeNanos) {
        Double after = policy.backoffResetAfter();
        return after == null || uptimeNanos >= after * NANOS;
    }

    /** The pause before the {@code n}-th try (n from 1), in nanoseconds. */
    long pause(int n) {
        double step = policy.restartDelay() == null ? 1 : policy.restartDelay();
        double seconds = switch (policy.backoff()) {
            case LINEAR -> step * n;
            case EXPONENTIAL -> step * Math.pow(2, Math.min(n - 1, 62));
        };
        if (policy.backoffMax() != null) {
            seconds = Math.min(seconds, policy.backoffMax());
        }
        if (policy.backoffJitter() > 0) {
            seconds *= 1 + policy.backoffJitter() * ThreadLocalRandom.current().nextDouble(-1, 1);
        }
        return (long) (seconds * NANOS);
    }
}
