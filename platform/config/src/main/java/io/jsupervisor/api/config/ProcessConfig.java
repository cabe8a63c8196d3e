package io.jsupervisor.api.config;

import java.util.List;
import java.util.Map;

/**
 * One process: a program with numprocs=1, or one member of a numprocs pool, fully expanded.
 *
 * @param directory the directory to chdir to before exec, or null
 * @param umask octal value as an int, or null to inherit the daemon's
 * @param user user to run as, as written, or null
 * @param stopsignal signal name without {@code SIG} ({@code TERM}, {@code KILL}, ...)
 * @param exitcodes the expected exit statuses
 * @param environment the process's environment additions: [supervisord] environment merged with
 *     the program's own (the program wins), in order; the SUPERVISOR_* variables are not in it
 * @param serverurl the {@code serverurl=} option, or null for the daemon's default
 * @param startretries retries after an exit during {@code startsecs} before FATAL;
 *     {@link #UNLIMITED_RETRIES} for {@code startretries = unlimited}
 * @param restart the pauses before a restart ({@link RestartPolicy#REFERENCE} unless the program
 *     sets jsupervisor's restart options)
 * @param readiness its start dependencies and ready check ({@link Readiness#REFERENCE} unless the
 *     program sets jsupervisor's readiness options)
 * @param limits its own cgroup and resource limits ({@link ResourceLimits#NONE} unless the program
 *     sets jsupervisor's cgroup options)
 * @param critical the status the daemon exits with when this process goes FATAL or exits
 *     unexpectedly (jsupervisor's {@code critical = true} and {@code critical_exit_status}); null
 *     when the program is not critical, as under the reference
 */
public record ProcessConfig(
        String name,
        String command,
        String directory,
        Integer umask,
        int priority,
        boolean autostart,
        AutoRestart autorestart,
        int startsecs,
        int startretries,
        String user,
        boolean redirectStderr,
        LogStreamConfig stdout,
        LogStreamConfig stderr,
        String stopsignal,
        int stopwaitsecs,
        boolean stopasgroup,
        boolean killasgroup,
        List<Integer> exitcodes,
        Map<String, String> environment,
        String serverurl,
        RestartPolicy restart,
        Readiness readiness,
        ResourceLimits limits,
        Integer critical) {

    /** {@code startretries = unlimited}: the program is never given up (FATAL) for exiting early. */
    public static final int UNLIMITED_RETRIES = Integer.MAX_VALUE;

    public ProcessConfig {
        exitcodes = List.copyOf(exitcodes);
        environment = ConfigMaps.orderedCopy(environment);
        restart = restart == null ? RestartPolicy.REFERENCE : restart;
        readiness = readiness == null ? Readiness.REFERENCE : readiness;
        limits = limits == null ? ResourceLimits.NONE : limits;
    }

    /** As in 2.2: not critical. */
    public ProcessConfig(String name, String command, String directory, Integer umask, int priority,
            boolean autostart, AutoRestart autorestart, int startsecs, int startretries, String user,
            boolean redirectStderr, LogStreamConfig stdout, LogStreamConfig stderr, String stopsignal,
            int stopwaitsecs, boolean stopasgroup, boolean killasgroup, List<Integer> exitcodes,
            Map<String, String> environment, String serverurl, RestartPolicy restart, Readiness readiness,
            ResourceLimits limits) {
        this(name, command, directory, umask, priority, autostart, autorestart, startsecs, startretries, user,
                redirectStderr, stdout, stderr, stopsignal, stopwaitsecs, stopasgroup, killasgroup, exitcodes,
                environment, serverurl, restart, readiness, limits, null);
    }

    /** As in 2.1: no cgroup of its own. */
    public ProcessConfig(String name, String command, String directory, Integer umask, int priority,
            boolean autostart, AutoRestart autorestart, int startsecs, int startretries, String user,
            boolean redirectStderr, LogStreamConfig stdout, LogStreamConfig stderr, String stopsignal,
            int stopwaitsecs, boolean stopasgroup, boolean killasgroup, List<Integer> exitcodes,
            Map<String, String> environment, String serverurl, RestartPolicy restart, Readiness readiness) {
        this(name, command, directory, umask, priority, autostart, autorestart, startsecs, startretries, user,
                redirectStderr, stdout, stderr, stopsignal, stopwaitsecs, stopasgroup, killasgroup, exitcodes,
                environment, serverurl, restart, readiness, ResourceLimits.NONE, null);
    }

    /** As in 2.1: no dependencies, ready once RUNNING. */
    public ProcessConfig(String name, String command, String directory, Integer umask, int priority,
            boolean autostart, AutoRestart autorestart, int startsecs, int startretries, String user,
            boolean redirectStderr, LogStreamConfig stdout, LogStreamConfig stderr, String stopsignal,
            int stopwaitsecs, boolean stopasgroup, boolean killasgroup, List<Integer> exitcodes,
            Map<String, String> environment, String serverurl, RestartPolicy restart) {
        this(name, command, directory, umask, priority, autostart, autorestart, startsecs, startretries, user,
                redirectStderr, stdout, stderr, stopsignal, stopwaitsecs, stopasgroup, killasgroup, exitcodes,
                environment, serverurl, restart, Readiness.REFERENCE, ResourceLimits.NONE, null);
    }

    /** As before 2.1: the reference's restart policy. */
    public ProcessConfig(String name, String command, String directory, Integer umask, int priority,
            boolean autostart, AutoRestart autorestart, int startsecs, int startretries, String user,
            boolean redirectStderr, LogStreamConfig stdout, LogStreamConfig stderr, String stopsignal,
            int stopwaitsecs, boolean stopasgroup, boolean killasgroup, List<Integer> exitcodes,
            Map<String, String> environment, String serverurl) {
        this(name, command, directory, umask, priority, autostart, autorestart, startsecs, startretries, user,
                redirectStderr, stdout, stderr, stopsignal, stopwaitsecs, stopasgroup, killasgroup, exitcodes,
                environment, serverurl, RestartPolicy.REFERENCE, Readiness.REFERENCE, ResourceLimits.NONE, null);
    }

    public enum AutoRestart {
        TRUE,
        FALSE,
        UNEXPECTED;

        /** The value as a config file writes it. */
        public String configValue() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
