package io.jsupervisor.config;

import static io.jsupervisor.config.ReadContext.or;

import io.jsupervisor.api.config.LogStreamConfig;
import io.jsupervisor.api.config.LogStreamConfig.Target;
import io.jsupervisor.api.config.ProcessConfig;
import io.jsupervisor.api.config.Readiness;
import io.jsupervisor.api.config.ResourceLimits;
import io.jsupervisor.api.config.RestartPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The process options of a [program:x], [eventlistener:x] or [fcgi-program:x] section: one
 * {@link ProcessConfig} per process of its numprocs pool.
 */
final class ProgramSections {
    private final ReadContext ctx;
    /** [supervisord] environment=, under each process's own. */
    private final Map<String, String> globalEnv;
    /** The section each process read so far came from, by {@code group:process}. */
    private final Map<String, String> sectionByProcess = new HashMap<>();

    ProgramSections(ReadContext ctx, Map<String, String> globalEnv) {
        this.ctx = ctx;
        this.globalEnv = globalEnv;
    }

    /** The processes of {@code section}, by priority then name; a failure names section and file. */
    List<ProcessConfig> processes(String section, String groupName) {
        List<ProcessConfig> procs;
        try {
            procs = read(section, groupName);
        } catch (PyValueError e) {
            throw new PyValueError(e.getMessage() + ctx.where(section));
        }
        for (ProcessConfig p : procs) {
            sectionByProcess.putIfAbsent(groupName + ":" + p.name(), section);
        }
        return withGlobalEnv(procs);
    }

    /** The section process {@code process} of group {@code group} was read from, or null. */
    String sectionOf(String group, String process) {
        return sectionByProcess.get(group + ":" + process);
    }

    /** [supervisord] environment= under each process's own (the process wins). */
    private List<ProcessConfig> withGlobalEnv(List<ProcessConfig> procs) {
        List<ProcessConfig> out = new ArrayList<>();
        for (ProcessConfig p : procs) {
            Map<String, String> env = new LinkedHashMap<>(globalEnv);
            env.putAll(p.environment());
            out.add(new ProcessConfig(p.name(), p.command(), p.directory(), p.umask(), p.priority(), p.autostart(),
                    p.autorestart(), p.startsecs(), p.startretries(), p.user(), p.redirectStderr(), p.stdout(),
                    p.stderr(), p.stopsignal(), p.stopwaitsecs(), p.stopasgroup(), p.killasgroup(), p.exitcodes(),
                    env, p.serverurl(), p.restart(), p.readiness(), p.limits(), p.critical()));
        }
        return out;
    }

    private List<ProcessConfig> read(String section, String groupName) {
        String programName = Datatypes.processOrGroupName(section.substring(section.indexOf(':') + 1));
        Map<String, Object> common = new LinkedHashMap<>();
        common.put("here", ctx.here());
        common.put("program_name", programName);
        common.put("host_node_name", ctx.hostname());
        common.put("group_name", groupName);
        Function<String, String> get = o -> ctx.saneget(section, o, common, true);
        Options options = new Options(section, get);

        int priority = options.get("priority", "999", Datatypes::integer);
        boolean autostart = options.get("autostart", "true", Datatypes::bool);
        Datatypes.Restart autorestart = options.get("autorestart", "unexpected", Datatypes::autoRestart);
        int startsecs = options.get("startsecs", "1", Datatypes::integer);
        int startretries = options.get("startretries", "3", RestartOptions::startretries);
        String stopsignal = options.get("stopsignal", "TERM", Datatypes::signalName);
        int stopwaitsecs = options.get("stopwaitsecs", "10", Datatypes::integer);
        boolean stopasgroup = options.get("stopasgroup", "false", Datatypes::bool);
        String killRaw = get.apply("killasgroup");
        boolean killasgroup = killRaw == null ? stopasgroup : options.convert("killasgroup", killRaw, Datatypes::bool);
        List<Integer> exitcodes = options.get("exitcodes", "0", Datatypes::listOfExitcodes);
        boolean redirectStderr = options.get("redirect_stderr", "false", Datatypes::bool);
        int numprocs = options.get("numprocs", "1", Datatypes::integer);
        int numprocsStart = options.get("numprocs_start", "0", Datatypes::integer);
        String environmentStr = or(ctx.saneget(section, "environment", common, false), "");
        Capture stdoutCapture = options.capture("stdout");
        Capture stderrCapture = options.capture("stderr");
        String serverurl = get.apply("serverurl");
        if (serverurl != null && Py.strip(serverurl).equalsIgnoreCase("AUTO")) {
            serverurl = null;
        }
        String user = get.apply("user");
        if (user != null) {
            ctx.machine().checkUser(user);
        }
        RestartPolicy restart = RestartOptions.read(options);
        // event listeners ignore them, as the reference ignores options it does not know
        Readiness readiness = section.startsWith("eventlistener:") ? Readiness.REFERENCE
                : ReadinessOptions.read(options);
        ResourceLimits limits = section.startsWith("eventlistener:") ? ResourceLimits.NONE
                : ResourceLimitOptions.read(options);
        Integer critical = section.startsWith("eventlistener:") ? null : CriticalOptions.read(options);
        String umaskRaw = get.apply("umask");
        Integer umask = umaskRaw == null ? null : options.convert("umask", umaskRaw, Datatypes::octal);
        String processName = Datatypes.processOrGroupName(
                or(ctx.saneget(section, "process_name", common, false), "%(program_name)s"));
        if (numprocs > 1 && !processName.contains("%(process_num)")) {
            throw new PyValueError("%(process_num) must be present within process_name when numprocs > 1");
        }
        if (stopasgroup && !killasgroup) {
            throw new PyValueError("Cannot set stopasgroup=true and killasgroup=false");
        }

        List<ProcessConfig> out = new ArrayList<>();
        for (int processNum = numprocsStart; processNum < numprocs + numprocsStart; processNum++) {
            Map<String, Object> expansions = common; // the reference extends the same dict
            expansions.put("process_num", processNum);
            expansions.put("numprocs", numprocs);
            expansions.putAll(ctx.environExpansions());
            Map<String, String> env = options.convert("environment",
                    PyFormat.expand(environmentStr, expansions, "environment"), Datatypes::keyValuePairs);
            for (Map.Entry<String, String> e : env.entrySet()) {
                expansions.put("ENV_" + e.getKey(), e.getValue());
            }
            String directory = get.apply("directory");
            LogStreamConfig stdout = options.logStream("stdout", stdoutCapture, expansions);
            LogStreamConfig stderr = options.logStream("stderr", stderrCapture, expansions);
            if (redirectStderr) {
                // (container mode's default /dev/stderr is not one the section set)
                if (stderr.target() == Target.FILE && get.apply("stderr_logfile") != null) {
                    ctx.warnings().add("For [" + section + "], redirect_stderr=true but stderr_logfile has "
                            + "also been set to a filename, the filename has been ignored");
                }
                stderr = new LogStreamConfig(Target.NONE, null, stderr.maxbytes(), stderr.backups(),
                        stderr.captureMaxbytes(), stderr.eventsEnabled(), stderr.syslog());
            }

            String command = ctx.saneget(section, "command", expansions, true);
            if (command == null) {
                throw new PyValueError("program section " + section + " does not specify a command");
            }
            String name = PyFormat.expand(processName, expansions, "process_name");
            out.add(new ProcessConfig(name, command, directory, umask, priority, autostart,
                    ProcessConfig.AutoRestart.valueOf(autorestart.name()), startsecs, startretries, user,
                    redirectStderr, stdout, stderr, stopsignal, stopwaitsecs, stopasgroup, killasgroup,
                    exitcodes, env, serverurl, restart, readiness, limits, critical));
        }
        out.sort(Comparator.comparingInt(ProcessConfig::priority).thenComparing(ProcessConfig::name));
        return out;
    }

    /** A stream's {@code x_capture_maxbytes} and {@code x_events_enabled}: the same for every process. */
    private record Capture(long maxbytes, boolean eventsEnabled) {}

    /**
     * What {@code stdout_logfile}/{@code stderr_logfile} says: AUTO, NONE, a file, or the deprecated
     * {@code syslog} (no file; the stream goes to syslog).
     */
    private record Logfile(Target target, String path, boolean syslog) {
        static final Logfile AUTO = new Logfile(Target.AUTO, null, false);
        static final Logfile NONE = new Logfile(Target.NONE, null, false);
        static final Logfile SYSLOG = new Logfile(Target.NONE, null, true);
    }

    /** The options of one section, read with its expansions; a failure names the option. */
    private final class Options implements OptionLookup {
        private final String section;
        /** An option's value, expanded, or null when the section does not set it. */
        private final Function<String, String> lookup;

        Options(String section, Function<String, String> lookup) {
            this.section = section;
            this.lookup = lookup;
        }

        <T> T get(String option, String dflt, Function<String, T> type) {
            return convert(option, or(lookup.apply(option), dflt), type);
        }

        <T> T convert(String option, String value, Function<String, T> type) {
            return ctx.conv(section, option, value, type, false);
        }

        @Override
        public <T> T optional(String option, Function<String, T> type) {
            String value = lookup.apply(option);
            return value == null ? null : convert(option, value, type);
        }

        Capture capture(String stream) {
            long maxbytes = get(stream + "_capture_maxbytes", "0", Datatypes::byteSize);
            boolean eventsEnabled = get(stream + "_events_enabled", "false", Datatypes::bool);
            return new Capture(maxbytes, eventsEnabled);
        }

        /** One process's {@code stream} (stdout or stderr), before redirect_stderr has its say. */
        LogStreamConfig logStream(String stream, Capture capture, Map<String, Object> expansions) {
            String logfileKey = stream + "_logfile";
            String logfileRaw = lookup.apply(logfileKey);
            // container mode: a stream with no logfile of its own goes to the daemon's own stream
            boolean forwarded = ctx.containerMode() && logfileRaw == null;
            Logfile logfile = forwarded ? new Logfile(Target.FILE, "/dev/" + stream, false) : Logfile.AUTO;
            if (logfileRaw != null) {
                String expanded = PyFormat.expand(logfileRaw, expansions, logfileKey);
                logfile = convert(logfileKey, expanded, this::logfile);
            }
            int backups = get(stream + "_logfile_backups", "10", Datatypes::integer);
            long maxbytes = get(stream + "_logfile_maxbytes", forwarded ? "0" : "50MB", Datatypes::byteSize);
            boolean syslog = get(stream + "_syslog", "false", Datatypes::bool);
            if (logfile.syslog()) {
                ctx.warnings().add("For [" + section + "], " + logfileKey + "=syslog but this is deprecated and "
                        + "will be removed.  Use " + stream + "_syslog=true to enable syslog instead.");
                syslog = true;
            }
            if (logfile.target() == Target.AUTO && maxbytes == 0) {
                ctx.warnings().add("For [" + section + "], AUTO logging used for " + logfileKey + " without "
                        + "rollover, set maxbytes > 0 to avoid filling up "
                        + "filesystem unintentionally");
            }
            return new LogStreamConfig(logfile.target(), logfile.path(), maxbytes, backups, capture.maxbytes(),
                    capture.eventsEnabled(), syslog, linePrefix(stream, expansions, forwarded));
        }

        /**
         * jsupervisor's {@code stdout_line_prefix}/{@code stderr_line_prefix}, else the common
         * {@code log_line_prefix}: expanded now with the process's names and {@code %(stream)s},
         * {@code %(asctime)s} kept for each line's time; null when neither is set.
         */
        private String linePrefix(String stream, Map<String, Object> expansions, boolean forwarded) {
            String key = stream + "_line_prefix";
            String raw = ctx.saneget(section, key, Map.of(), false);
            if (raw == null) {
                key = "log_line_prefix";
                raw = ctx.saneget(section, key, Map.of(), false);
            }
            if (raw == null) {
                // forwarded to the daemon's stream: say whose line it is, as docker compose does
                raw = forwarded ? "\"%(program_name)s | \"" : null;
            }
            if (raw == null) {
                return null;
            }
            // the INI reader strips values; quotes keep a prefix's trailing space ("%(program_name)s | ")
            String v = Py.strip(raw);
            if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                raw = v.substring(1, v.length() - 1);
            }
            Map<String, Object> withLine = new LinkedHashMap<>(expansions);
            withLine.put("stream", stream);
            withLine.put("asctime", LogStreamConfig.ASCTIME);
            return PyFormat.expand(raw, withLine, key);
        }

        /** AUTO / NONE / syslog / a path whose folder must exist. */
        private Logfile logfile(String value) {
            String c = value.toLowerCase(Locale.ROOT);
            if (c.equals("none") || c.equals("off")) {
                return Logfile.NONE;
            }
            if (c.equals("auto")) {
                return Logfile.AUTO;
            }
            if (c.equals("syslog")) {
                return Logfile.SYSLOG;
            }
            return new Logfile(Target.FILE, ctx.machine().existingDirpath(value), false);
        }
    }
}
