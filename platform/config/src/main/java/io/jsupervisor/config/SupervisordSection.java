package io.jsupervisor.config;

import static io.jsupervisor.config.ReadContext.or;

import io.jsupervisor.api.config.LogFormat;
import io.jsupervisor.api.config.LogLevel;
import io.jsupervisor.api.config.SupervisordSettings;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** The [supervisord] section, with the options given on the command line winning over the file's. */
final class SupervisordSection {
    private static final String SECTION = "supervisord";

    /** Command-line options that take a value, and the flags. */
    static final Set<String> OVERRIDABLE = Set.of("logfile", "logfile_maxbytes", "logfile_backups", "loglevel",
            "pidfile", "nodaemon", "silent", "minfds", "minprocs", "umask", "identifier", "directory",
            "childlogdir", "user", "nocleanup", "strip_ansi", "container_mode");
    private static final Set<String> FLAGS = Set.of("nodaemon", "silent", "nocleanup", "strip_ansi", "container_mode");

    private final ReadContext ctx;
    private final MachineLookups machine;
    /** The command line's options, converted. */
    private final Map<String, Object> commandLine = new HashMap<>();

    /**
     * Converts the command line's options at once: the reference rejects a bad one before it looks
     * for the config file.
     *
     * @param overrides [supervisord] options from the command line, by option name, raw values
     */
    SupervisordSection(ReadContext ctx, Map<String, String> overrides) {
        this.ctx = ctx;
        this.machine = ctx.machine();
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            String name = e.getKey();
            String raw = e.getValue();
            if (!OVERRIDABLE.contains(name)) {
                throw new PyValueError("option --" + name + " not recognized");
            }
            if (FLAGS.contains(name)) {
                commandLine.put(name, raw == null || raw.isEmpty() || Datatypes.bool(raw));
                continue;
            }
            try {
                commandLine.put(name, convertCommandLine(name, raw));
            } catch (PyValueError ex) {
                throw new PyValueError("invalid value for --" + name + " " + Py.repr(String.valueOf(raw)) + ": "
                        + ex.getMessage());
            }
        }
    }

    private Object convertCommandLine(String name, String raw) {
        return switch (name) {
            case "umask" -> Datatypes.octal(raw);
            case "directory", "childlogdir" -> machine.existingDirectory(raw);
            case "logfile", "pidfile" -> machine.existingDirpath(raw);
            case "logfile_maxbytes" -> Datatypes.byteSize(raw);
            case "logfile_backups", "minfds", "minprocs" -> Datatypes.integer(raw);
            case "loglevel" -> Datatypes.loggingLevel(raw);
            default -> raw;
        };
    }

    /**
     * Reads the section and makes its environment= available as {@code %(ENV_x)s} to the sections
     * read after it. The user is not checked here: the reference checks it only once the programs
     * and servers are read ({@link #checkUser}).
     */
    SupervisordSettings read() {
        // container_mode first: it changes the defaults of the options below
        boolean container = option("container_mode", "false", Datatypes::bool);
        ctx.setContainerMode(container);
        int minfds = option("minfds", "1024", Datatypes::integer);
        int minprocs = option("minprocs", "200", Datatypes::integer);
        String directory = option("directory", null, machine::existingDirectory);
        String user = option("user", null, Function.identity());
        int umask = option("umask", "022", Datatypes::octal);
        String logfile = option("logfile", container ? "/dev/stderr" : "supervisord.log", machine::existingDirpath);
        long logfileMaxbytes = option("logfile_maxbytes", container ? "0" : "50MB", Datatypes::byteSize);
        int logfileBackups = option("logfile_backups", "10", Datatypes::integer);
        LogLevel loglevel = option("loglevel", "info", Datatypes::loggingLevel);
        String pidfile = option("pidfile", "supervisord.pid", machine::existingDirpath);
        String identifier = option("identifier", "supervisor", Function.identity());
        boolean nodaemon = container || option("nodaemon", "false", Datatypes::bool);
        boolean silent = option("silent", "false", Datatypes::bool);
        String childlogdir = option("childlogdir", machine.tempDir(), machine::existingDirectory);
        boolean nocleanup = option("nocleanup", "false", Datatypes::bool);
        boolean stripAnsi = option("strip_ansi", "false", Datatypes::bool);
        LogFormat logformat = option("logformat", "text", SupervisordSection::logFormat);

        String environStr = or(ctx.hereExpanded(SECTION, "environment"), "");
        environStr = PyFormat.expand(environStr, ctx.hereHostAndEnviron(), "environment");
        Map<String, String> environment = ctx.conv(SECTION, "environment", environStr, Datatypes::keyValuePairs, true);
        ctx.addEnvironment(environment);

        if (!logfile.equals("syslog")) {
            logfile = machine.normalizePath(logfile);
        }
        return new SupervisordSettings(logfile, logfileMaxbytes, logfileBackups, loglevel,
                machine.normalizePath(pidfile), nodaemon, silent, minfds, minprocs, umask, identifier, directory,
                childlogdir, user, nocleanup, stripAnsi, environment, logformat, container);
    }

    /** jsupervisor's {@code logformat}: {@code text} (the reference's lines) or {@code json}. */
    private static LogFormat logFormat(String value) {
        String v = Py.strip(value).toLowerCase(java.util.Locale.ROOT);
        for (LogFormat f : LogFormat.values()) {
            if (f.configValue().equals(v)) {
                return f;
            }
        }
        throw new PyValueError("invalid log format " + Py.repr(value) + " (text or json)");
    }

    /** The daemon's user= must exist. */
    void checkUser(SupervisordSettings settings) {
        if (settings.user() != null) {
            machine.checkUser(settings.user());
        }
    }

    /**
     * One option: the file's value (or {@code dflt}) converted, so that a bad one fails even when the
     * command line overrides it; then the command line's value if it gives one.
     */
    @SuppressWarnings("unchecked")
    private <T> T option(String name, String dflt, Function<String, T> type) {
        T fromFile = ctx.option(SECTION, name, dflt, type);
        return (T) commandLine.getOrDefault(name, fromFile);
    }
}
