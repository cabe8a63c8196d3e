package io.jsupervisor.api.config;

import java.util.Locale;

/**
 * How the activity log writes its lines: jsupervisor's {@code [supervisord] logformat} option
 * (the reference has none and ignores it).
 */
public enum LogFormat {
    /** The reference's {@code 2026-12-05 08:30:15,426 INFO message}. */
    TEXT,
    /** One JSON object per line, for log shippers: time, level, message and structured fields. */
    JSON;

    /** The value as a config file writes it. */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
