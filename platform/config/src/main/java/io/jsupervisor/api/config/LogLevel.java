package io.jsupervisor.api.config;

import java.util.Locale;

/** The reference's log levels, most severe first; {@code code} is the reference's number. */
public enum LogLevel {
    CRITICAL(50, "CRIT"),
    ERROR(40, "ERRO"),
    WARN(30, "WARN"),
    INFO(20, "INFO"),
    DEBUG(10, "DEBG"),
    TRACE(5, "TRAC"),
    BLATHER(3, "BLAT");

    private final int code;
    private final String label;

    LogLevel(int code, String label) {
        this.code = code;
        this.label = label;
    }

    /** The reference's numeric level: a message is written when its code is at least the logger's. */
    public int code() {
        return code;
    }

    /** The four-letter tag the activity log shows ({@code INFO}, {@code CRIT}, {@code DEBG}...). */
    public String label() {
        return label;
    }

    /** The name used in config files ({@code info}, {@code warn}, ...). */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when a message at {@code level} is written by a logger set to this level. */
    public boolean allows(LogLevel level) {
        return level.code >= code;
    }
}
