package io.jsupervisor.api.config;

import java.util.Map;

/**
 * The [supervisord] section.
 *
 * @param logfile absolute, normalised path of the activity log, or a special value the reference
 *     accepts ({@code /dev/stdout}); null never (the default is {@code $CWD/supervisord.log})
 * @param umask octal value as an int (022 is 18)
 * @param directory the directory to chdir to when daemonizing, or null
 * @param user the user to switch to, as written, or null
 * @param environment the {@code environment=} pairs in file order
 * @param logformat how activity log lines are written ({@link LogFormat#TEXT} unless the config
 *     sets jsupervisor's {@code logformat})
 * @param containerMode jsupervisor's {@code container_mode} (or {@code --container}): in the
 *     foreground, the activity log and the programs' output on the daemon's stderr/stdout (the
 *     reader has already turned that into the other settings' values), and an exit status that
 *     says whether a program failed
 */
public record SupervisordSettings(
        String logfile,
        long logfileMaxbytes,
        int logfileBackups,
        LogLevel loglevel,
        String pidfile,
        boolean nodaemon,
        boolean silent,
        int minfds,
        int minprocs,
        int umask,
        String identifier,
        String directory,
        String childlogdir,
        String user,
        boolean nocleanup,
        boolean stripAnsi,
        Map<String, String> environment,
        LogFormat logformat,
        boolean containerMode) {

    public SupervisordSettings {
        environment = ConfigMaps.orderedCopy(environment);
        logformat = logformat == null ? LogFormat.TEXT : logformat;
    }

    /** As before 2.2: the reference's text lines. */
    public SupervisordSettings(String logfile, long logfileMaxbytes, int logfileBackups, LogLevel loglevel,
            String pidfile, boolean nodaemon, boolean silent, int minfds, int minprocs, int umask, String identifier,
            String directory, String childlogdir, String user, boolean nocleanup, boolean stripAnsi,
            Map<String, String> environment) {
        this(logfile, logfileMaxbytes, logfileBackups, loglevel, pidfile, nodaemon, silent, minfds, minprocs, umask,
                identifier, directory, childlogdir, user, nocleanup, stripAnsi, environment, LogFormat.TEXT, false);
    }
}
