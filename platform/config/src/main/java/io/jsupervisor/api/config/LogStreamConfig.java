package io.jsupervisor.api.config;

/**
 * How one of a process's output streams is kept.
 *
 * @param target what {@code stdout_logfile}/{@code stderr_logfile} says
 * @param path the file when {@code target} is {@link Target#FILE} (as written after expansion, not
 *     normalised), else null
 */
public record LogStreamConfig(
        Target target,
        String path,
        long maxbytes,
        int backups,
        long captureMaxbytes,
        boolean eventsEnabled,
        boolean syslog) {

    public enum Target {
        /** A file named by the daemon in childlogdir. */
        AUTO,
        /** Not kept (NONE, or stderr redirected into stdout). */
        NONE,
        /** The file in {@code path}. */
        FILE
    }
}
