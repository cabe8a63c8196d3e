package io.jsupervisor.api.log;

import io.jsupervisor.api.config.LogLevel;

/**
 * One activity-log line, or one chunk of a child's output as it was read (it may hold several
 * lines, or part of one; strip_ansi already applied).
 *
 * @param source where it comes from
 * @param timeMillis when the daemon logged or read it, epoch milliseconds
 * @param level the activity line's level; {@link LogLevel#INFO} for child output
 * @param processName the child's name, or null for the activity log
 * @param groupName the child's group, or null
 * @param channel {@code stdout} or {@code stderr}, or null
 * @param message the line without the file format's timestamp and level, or the output as text
 *     (UTF-8, undecodable bytes replaced)
 * @param formatted the activity line exactly as the log file gets it
 *     ({@code 2026-11-23 16:05:01,123 INFO spawned: ...}), or the output text again
 * @param syslog whether the config asks for this to go to syslog ({@code logfile=syslog},
 *     {@code stdout_syslog=true}, {@code stderr_syslog=true})
 */
public record LogRecord(Source source, long timeMillis, LogLevel level, String processName, String groupName,
        String channel, String message, String formatted, boolean syslog) {
    public enum Source { ACTIVITY, CHILD }
}
