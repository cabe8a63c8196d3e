package io.jsupervisor.config;

/**
 * A problem with a value, worded as the reference words it. The reader adds where it happened
 * (file, section, option) before turning it into a {@link io.jsupervisor.api.config.ConfigException}.
 */
final class PyValueError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PyValueError(String message) {
        super(message, null, false, false);
    }
}
