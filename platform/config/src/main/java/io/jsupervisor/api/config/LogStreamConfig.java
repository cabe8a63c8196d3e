package io.jsupervisor.api.config;

/**
 * How one of a process's output streams is kept.
 *
 * @param target what {@code stdout_logfile}/{@code stderr_logfile} says
 * @param path the file when {@code target} is {@link Target#FILE} (as written after expansion, not
 *     normalised), else null
 * @param linePrefix jsupervisor's {@code stdout_line_prefix}/{@code stderr_line_prefix} (or
 *     {@code log_line_prefix}) with every expansion done except {@link #ASCTIME}, which stays in
 *     the text to be replaced by each line's time; null for none (the reference's behaviour)
 */
public record LogStreamConfig(
        Target target,
        String path,
        long maxbytes,
        int backups,
        long captureMaxbytes,
        boolean eventsEnabled,
        boolean syslog,
        String linePrefix) {

    /** Where a line prefix takes the line's time, as the reference's log lines write it. */
    public static final String ASCTIME = "%(asctime)s";

    /** As before 2.2: no line prefix. */
    public LogStreamConfig(Target target, String path, long maxbytes, int backups, long captureMaxbytes,
            boolean eventsEnabled, boolean syslog) {
        this(target, path, maxbytes, backups, captureMaxbytes, eventsEnabled, syslog, null);
    }

    public enum Target {
        /** A file named by the daemon in childlogdir. */
        AUTO,
        /** Not kept (NONE, or stderr redirected into stdout). */
        NONE,
        /** The file in {@code path}. */
        FILE
    }
}
