package io.jsupervisor.api.config;

import java.util.List;

/**
 * When a process may start and when it counts as ready: jsupervisor's {@code depends_on},
 * {@code ready_check}, {@code ready_timeout} and {@code ready_interval} options (the reference
 * has none of them and ignores them). {@link #REFERENCE}, what a program that sets none gets,
 * starts as the reference's do and is ready once RUNNING.
 *
 * @param dependsOn what must be ready before this process starts, as written, in the reference's
 *     name syntax: {@code db} (the group db: every process of it), {@code cache:*} (the same),
 *     {@code cache:cache_01} (one process). Every name is known and no chain of them leads back
 *     to this process: the reader refuses such a config.
 * @param check how readiness is tested while the process runs, or null: ready once RUNNING
 * @param timeout seconds after a spawn by which the check must first pass; 0: no limit
 * @param interval seconds between two checks
 */
public record Readiness(List<String> dependsOn, ReadyCheck check, double timeout, double interval) {
    /** {@code ready_timeout} when not set. */
    public static final double DEFAULT_TIMEOUT = 60;
    /** {@code ready_interval} when not set. */
    public static final double DEFAULT_INTERVAL = 1;

    /** The reference's behaviour: no dependencies, ready once RUNNING. */
    public static final Readiness REFERENCE = new Readiness(List.of(), null, DEFAULT_TIMEOUT, DEFAULT_INTERVAL);

    public Readiness {
        dependsOn = List.copyOf(dependsOn);
        if (!(interval > 0) || timeout < 0) {
            throw new IllegalArgumentException("ready_interval must be positive and ready_timeout not negative");
        }
    }
}
