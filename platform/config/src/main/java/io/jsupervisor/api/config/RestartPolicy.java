package io.jsupervisor.api.config;

/**
 * How long a program waits before it is started again after it ended on its own: jsupervisor's
 * {@code restart_delay}, {@code backoff}, {@code backoff_max}, {@code backoff_jitter} and
 * {@code backoff_reset_after} options (the reference has none of them and ignores them).
 * {@link #REFERENCE}, what a program that sets none gets, is the reference's behaviour: a retry
 * after an exit during {@code startsecs} waits one second more per try, and an autorestart after
 * a run waits not at all.
 *
 * @param restartDelay seconds: the first pause and the step the pauses grow by; null when not
 *     set (the step is then 1 s, and an autorestart after a run does not wait)
 * @param backoff how the pause grows with each try
 * @param backoffMax seconds no pause exceeds, or null for no ceiling
 * @param backoffJitter a fraction (0 to 1): each pause is stretched or shrunk by up to this much,
 *     at random, so that many programs do not restart in step
 * @param backoffResetAfter seconds of running after which a program's autorestarts count from
 *     the first again; null: each autorestart after a run is a first one
 */
public record RestartPolicy(Double restartDelay, Backoff backoff, Double backoffMax, double backoffJitter,
        Double backoffResetAfter) {

    /** The reference's policy. */
    public static final RestartPolicy REFERENCE = new RestartPolicy(null, Backoff.LINEAR, null, 0, null);

    public RestartPolicy {
        if (backoff == null) {
            throw new IllegalArgumentException("backoff is required");
        }
    }

    /** How the pause grows with the tries. */
    public enum Backoff {
        /** The n-th pause is n steps (the reference: 1, 2, 3 ... seconds). */
        LINEAR,
        /** The n-th pause is 2^(n-1) steps. */
        EXPONENTIAL;

        /** The value as a config file writes it. */
        public String configValue() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
