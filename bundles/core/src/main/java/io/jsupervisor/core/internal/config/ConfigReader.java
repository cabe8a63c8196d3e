package io.jsupervisor.core.internal.config;

import io.jsupervisor.api.config.ConfigException;
import io.jsupervisor.api.config.ExtensionSection;
import io.jsupervisor.api.config.HttpServerConfig;
import io.jsupervisor.api.config.LogLevel;
import io.jsupervisor.api.config.LogStreamConfig;
import io.jsupervisor.api.config.ProcessConfig;
import io.jsupervisor.api.config.ProcessGroupConfig;
import io.jsupervisor.api.config.ProcessGroupConfig.GroupType;
import io.jsupervisor.api.config.RpcInterfaceConfig;
import io.jsupervisor.api.config.SupervisorConfig;
import io.jsupervisor.api.config.SupervisorctlSettings;
import io.jsupervisor.api.config.SupervisordSettings;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** Reads a supervisord.conf (and its includes) the way Supervisor 4.2.5 does. */
public final class ConfigReader {
    static final String NO_SUPERVISORD = ".ini file does not include supervisord section";
    static final String DEFAULT_RPC_FACTORY_KEY = "supervisor.rpcinterface_factory";
    static final String DEFAULT_RESULT_HANDLER = "supervisor.dispatchers:default_handler";

    /** Command-line options that take a value, and the flags. */
    static final Set<String> OVERRIDABLE = Set.of("logfile", "logfile_maxbytes", "logfile_backups", "loglevel",
            "pidfile", "nodaemon", "silent", "minfds", "minprocs", "umask", "identifier", "directory",
            "childlogdir", "user", "nocleanup", "strip_ansi");
    private static final Set<String> FLAGS = Set.of("nodaemon", "silent", "nocleanup", "strip_ansi");

    private final ConfigEnvironment environment;

    public ConfigReader(ConfigEnvironment environment) {
        this.environment = environment;
    }

    /**
     * @param configFile the main config file
     * @param overrides [supervisord] options from the command line, by option name, raw values
     */
    public SupervisorConfig read(Path configFile, Map<String, String> overrides) throws ConfigException {
        try {
            return new Run(configFile, overrides == null ? Map.of() : overrides).run();
        } catch (PyValueError e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** One read: the state the reference keeps on its ServerOptions while realizing. */
    private final class Run {
        private final Path configFile;
        private final String configName;
        private final Map<String, String> overrides;
        private final Map<String, Object> overrideValues = new HashMap<>();
        private final IniParser parser = new IniParser();
        /** ENV_x for the process environment, later extended by [supervisord] environment=. */
        private final Map<String, Object> environExpansions = new LinkedHashMap<>();
        private final List<String> warnings = new ArrayList<>();
        private final List<String> infos = new ArrayList<>();
        private String here;

        Run(Path configFile, Map<String, String> overrides) {
            this.configFile = configFile;
            this.configName = configFile.toString();
            this.overrides = overrides;
            for (Map.Entry<String, String> e : environment.env().entrySet()) {
                environExpansions.put("ENV_" + e.getKey(), e.getValue());
            }
        }

        SupervisorConfig run() {
            applyCommandLine();
            Path absolute = environment.cwd().resolve(configFile);
            here = abspath(Datatypes.dirname(configName));
            if (!Files.exists(absolute)) {
                throw new PyValueError("could not find config file " + configName);
            }
            String text = readText(absolute);
            if (text == null) {
                throw new PyValueError("could not read config file " + configName);
            }
            parser.read(text, configName);
            readIncludes();
            if (!parser.hasSection("supervisord")) {
                throw new PyValueError(NO_SUPERVISORD);
            }
            return realize();
        }

        // ------------------------------------------------------------ command line

        private void applyCommandLine() {
            for (Map.Entry<String, String> e : overrides.entrySet()) {
                String name = e.getKey();
                String raw = e.getValue();
                if (!OVERRIDABLE.contains(name)) {
                    throw new PyValueError("option --" + name + " not recognized");
                }
                if (FLAGS.contains(name)) {
                    overrideValues.put(name, raw == null || raw.isEmpty() || Datatypes.bool(raw));
                    continue;
                }
                try {
                    overrideValues.put(name, convertSupervisord(name, raw));
                } catch (PyValueError ex) {
                    throw new PyValueError("invalid value for --" + name + " " + Py.repr(String.valueOf(raw)) + ": "
                            + ex.getMessage());
                }
            }
        }

        private Object convertSupervisord(String name, String raw) {
            return switch (name) {
                case "umask" -> Datatypes.octal(raw);
                case "directory", "childlogdir" -> existingDirectory(raw);
                case "logfile", "pidfile" -> existingDirpath(raw);
                case "logfile_maxbytes" -> Datatypes.byteSize(raw);
                case "logfile_backups", "minfds", "minprocs" -> Datatypes.integer(raw);
                case "loglevel" -> Datatypes.loggingLevel(raw);
                default -> raw;
            };
        }

        // ------------------------------------------------------------ files

        private String readText(Path p) {
            try {
                byte[] bytes = Files.readAllBytes(p);
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw new PyValueError("could not decode config file " + configName + " as UTF-8");
            } catch (IOException e) {
                return null;
            }
        }

        private void readIncludes() {
            if (!parser.hasSection("include")) {
                return;
            }
            parser.expandHere(here);
            if (!parser.hasOption("include", "files")) {
                throw new PyValueError(".ini file has [include] section, but no files setting");
            }
            Map<String, Object> expansions = new LinkedHashMap<>();
            expansions.put("here", here);
            expansions.put("host_node_name", environment.hostname());
            expansions.putAll(environExpansions);
            String files = PyFormat.expand(parser.get("include", "files"), expansions, "include.files");
            String base = abspath(Datatypes.dirname(configName));
            for (String pattern : Py.split(files)) {
                String joined = pattern.startsWith("/") ? pattern : (base.endsWith("/") ? base + pattern : base + "/" + pattern);
                List<Path> found = environment.glob().apply(joined);
                if (found == null || found.isEmpty()) {
                    warnings.add("No file matches via include \"" + joined + "\"");
                    continue;
                }
                List<String> names = new ArrayList<>();
                for (Path p : found) {
                    names.add(p.toString());
                }
                names.sort(null);
                for (String filename : names) {
                    infos.add("Included extra file \"" + filename + "\" during parsing");
                    String text = readText(environment.cwd().resolve(filename));
                    if (text != null) {
                        parser.readIncluded(text, filename);
                    }
                    parser.expandHere(abspath(Datatypes.dirname(filename)));
                }
            }
        }

        // ------------------------------------------------------------ helpers

        private String abspath(String p) {
            String path = p.startsWith("/") ? p : environment.cwd().toString() + "/" + p;
            return Datatypes.normpath(path);
        }

        private String expandUser(String p) {
            if (!p.startsWith("~")) {
                return p;
            }
            int slash = p.indexOf('/');
            String user = slash < 0 ? p.substring(1) : p.substring(1, slash);
            String rest = slash < 0 ? "" : p.substring(slash);
            String home;
            if (user.isEmpty()) {
                home = environment.env().get("HOME");
                if (home == null) {
                    home = System.getProperty("user.home");
                }
            } else {
                home = ConfigEnvironment.homeOf(user);
                if (home == null) {
                    return p;
                }
            }
            home = home.replaceAll("/+$", "");
            String r = home + rest;
            return r.isEmpty() ? "/" : r;
        }

        private String normalizePath(String p) {
            return abspath(expandUser(p));
        }

        private boolean isDir(String p) {
            Path path;
            try {
                path = Path.of(p);
            } catch (java.nio.file.InvalidPathException e) {
                return false; // a NUL in the name: os.path.isdir says False, and so do we
            }
            return environment.isDirectory().test(path);
        }

        private String existingDirectory(String v) {
            String nv = expandUser(v);
            if (isDir(nv)) {
                return nv;
            }
            throw new PyValueError(v + " is not an existing directory");
        }

        private String existingDirpath(String v) {
            String nv = expandUser(v);
            String dir = Datatypes.dirname(nv);
            if (dir.isEmpty() || isDir(dir)) {
                return nv;
            }
            throw new PyValueError("The directory named as part of the path " + v + " does not exist");
        }

        private void checkUser(String name) {
            boolean numeric = Py.parseIntOrNull(name, 10) != null;
            if (!environment.userExists().test(name)) {
                throw new PyValueError((numeric ? "Invalid user id " : "Invalid user name ") + name);
            }
        }

        private String fileOf(String section) {
            String f = parser.fileOf(section);
            return f == null ? configName : f;
        }

        /** The directory of the file a section came from (an included file's own, for its sections). */
        private String hereOf(String section) {
            Path parent = Path.of(fileOf(section)).toAbsolutePath().getParent();
            return parent == null ? here.toString() : parent.toString();
        }

        private String where(String section) {
            return " in section " + Py.repr(section) + " (file: " + Py.repr(fileOf(section)) + ")";
        }

        /** supervisor's {@code saneget}: the raw value expanded with ENV_x plus {@code extra}. */
        private String saneget(String section, String option, String dflt, Map<String, Object> extra, boolean expand) {
            String raw = parser.get(section, option);
            if (raw == null) {
                return dflt;
            }
            if (!expand) {
                return raw;
            }
            Map<String, Object> combined = new LinkedHashMap<>(environExpansions);
            combined.putAll(extra);
            return PyFormat.expand(raw, combined, section + "." + option);
        }

        private Map<String, Object> hereOnly() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("here", here);
            return m;
        }

        /** A conversion; a failure names the option (and, when asked, section and file). */
        private <T> T conv(String section, String option, String value, Function<String, T> f, boolean addWhere) {
            try {
                return f.apply(value);
            } catch (PyValueError e) {
                throw new PyValueError(e.getMessage() + " for option " + Py.repr(option)
                        + (addWhere ? where(section) : ""));
            }
        }

        // ------------------------------------------------------------ [supervisord]

        private SupervisorConfig realize() {
            String sd = "supervisord";
            Function<String, String> get = o -> saneget(sd, o, null, hereOnly(), true);
            int minfds = conv(sd, "minfds", or(get.apply("minfds"), "1024"), Datatypes::integer, true);
            int minprocs = conv(sd, "minprocs", or(get.apply("minprocs"), "200"), Datatypes::integer, true);
            String directory = get.apply("directory");
            if (directory != null) {
                directory = conv(sd, "directory", directory, this::existingDirectory, true);
            }
            String user = get.apply("user");
            int umask = conv(sd, "umask", or(get.apply("umask"), "022"), Datatypes::octal, true);
            String logfile = conv(sd, "logfile", or(get.apply("logfile"), "supervisord.log"), this::existingDirpath, true);
            long logfileMaxbytes = conv(sd, "logfile_maxbytes", or(get.apply("logfile_maxbytes"), "50MB"), Datatypes::byteSize, true);
            int logfileBackups = conv(sd, "logfile_backups", or(get.apply("logfile_backups"), "10"), Datatypes::integer, true);
            LogLevel loglevel = conv(sd, "loglevel", or(get.apply("loglevel"), "info"), Datatypes::loggingLevel, true);
            String pidfile = conv(sd, "pidfile", or(get.apply("pidfile"), "supervisord.pid"), this::existingDirpath, true);
            String identifier = or(get.apply("identifier"), "supervisor");
            boolean nodaemon = conv(sd, "nodaemon", or(get.apply("nodaemon"), "false"), Datatypes::bool, true);
            boolean silent = conv(sd, "silent", or(get.apply("silent"), "false"), Datatypes::bool, true);
            String childlogdir = conv(sd, "childlogdir", or(get.apply("childlogdir"), tempDir()), this::existingDirectory, true);
            boolean nocleanup = conv(sd, "nocleanup", or(get.apply("nocleanup"), "false"), Datatypes::bool, true);
            boolean stripAnsi = conv(sd, "strip_ansi", or(get.apply("strip_ansi"), "false"), Datatypes::bool, true);

            String environStr = or(get.apply("environment"), "");
            Map<String, Object> envExp = new LinkedHashMap<>();
            envExp.put("here", here);
            envExp.put("host_node_name", environment.hostname());
            envExp.putAll(environExpansions);
            environStr = PyFormat.expand(environStr, envExp, "environment");
            Map<String, String> globalEnv = conv(sd, "environment", environStr, Datatypes::keyValuePairs, true);
            for (Map.Entry<String, String> e : globalEnv.entrySet()) {
                environExpansions.put("ENV_" + e.getKey(), e.getValue());
            }

            List<RpcInterfaceConfig> rpc = rpcInterfaces();
            List<ProcessGroupConfig> groups = processGroups(globalEnv);
            List<HttpServerConfig> servers = serverConfigs();

            // command line wins (ServerOptions.realize)
            directory = (String) overrideValues.getOrDefault("directory", directory);
            user = (String) overrideValues.getOrDefault("user", user);
            umask = (Integer) overrideValues.getOrDefault("umask", umask);
            logfile = (String) overrideValues.getOrDefault("logfile", logfile);
            logfileMaxbytes = (Long) overrideValues.getOrDefault("logfile_maxbytes", logfileMaxbytes);
            logfileBackups = (Integer) overrideValues.getOrDefault("logfile_backups", logfileBackups);
            loglevel = (LogLevel) overrideValues.getOrDefault("loglevel", loglevel);
            pidfile = (String) overrideValues.getOrDefault("pidfile", pidfile);
            identifier = (String) overrideValues.getOrDefault("identifier", identifier);
            nodaemon = (Boolean) overrideValues.getOrDefault("nodaemon", nodaemon);
            silent = (Boolean) overrideValues.getOrDefault("silent", silent);
            childlogdir = (String) overrideValues.getOrDefault("childlogdir", childlogdir);
            minfds = (Integer) overrideValues.getOrDefault("minfds", minfds);
            minprocs = (Integer) overrideValues.getOrDefault("minprocs", minprocs);
            nocleanup = (Boolean) overrideValues.getOrDefault("nocleanup", nocleanup);
            stripAnsi = (Boolean) overrideValues.getOrDefault("strip_ansi", stripAnsi);

            if (user != null) {
                checkUser(user);
            }
            if (!logfile.equals("syslog")) {
                logfile = normalizePath(logfile);
            }
            pidfile = normalizePath(pidfile);

            String serverUrl = null;
            for (HttpServerConfig s : servers) {
                if (s instanceof HttpServerConfig.Unix u) {
                    serverUrl = "unix://" + u.file();
                    break;
                }
            }
            if (serverUrl == null) {
                for (HttpServerConfig s : servers) {
                    if (s instanceof HttpServerConfig.Inet i) {
                        serverUrl = "http://" + (i.host().isEmpty() ? "localhost" : i.host()) + ":" + i.port();
                    }
                }
            }

            SupervisordSettings settings = new SupervisordSettings(logfile, logfileMaxbytes, logfileBackups, loglevel,
                    pidfile, nodaemon, silent, minfds, minprocs, umask, identifier, directory, childlogdir, user,
                    nocleanup, stripAnsi, globalEnv);
            return new SupervisorConfig(Path.of(normalizePath(configName)), settings, servers, serverUrl, ctl(),
                    groups, rpc, warnings, infos, extensions());
        }

        /** {@code [jsupervisor.*]} sections, expanded like the reference's options, for bundles. */
        private List<ExtensionSection> extensions() {
            List<ExtensionSection> out = new ArrayList<>();
            for (String section : parser.sections()) {
                if (!section.startsWith("jsupervisor.")) {
                    continue;
                }
                Map<String, String> options = new LinkedHashMap<>();
                for (String k : parser.options(section)) {
                    String value;
                    try {
                        value = saneget(section, k, null, Map.of("here", hereOf(section)), true);
                    } catch (RuntimeException e) {
                        // the reference ignores these sections: a value it would not expand (a
                        // lone %) must not stop the daemon; the bundle gets it as written
                        value = saneget(section, k, null, Map.of(), false);
                        warnings.add("[" + section + "] " + k + ": kept as written, not expanded: " + e.getMessage());
                    }
                    options.put(k, value);
                }
                out.add(new ExtensionSection(section, options));
            }
            return out;
        }

        private String tempDir() {
            for (String var : new String[] {"TMPDIR", "TEMP", "TMP"}) {
                String v = environment.env().get(var);
                if (v != null && !v.isEmpty() && Files.isDirectory(Path.of(v))) {
                    return v;
                }
            }
            for (String d : new String[] {"/tmp", "/var/tmp", "/usr/tmp"}) {
                if (Files.isDirectory(Path.of(d))) {
                    return d;
                }
            }
            return environment.cwd().toString();
        }

        private SupervisorctlSettings ctl() {
            String s = "supervisorctl";
            if (!parser.hasSection(s)) {
                return new SupervisorctlSettings(null, null, null, "supervisor", null);
            }
            try {
                String serverurl = saneget(s, "serverurl", null, hereOnly(), true);
                if (serverurl != null && serverurl.startsWith("unix://")) {
                    serverurl = "unix://" + normalizePath(serverurl.substring(7));
                }
                String prompt = or(saneget(s, "prompt", null, Map.of(), true), "supervisor");
                String username = saneget(s, "username", null, Map.of(), true);
                String password = saneget(s, "password", null, Map.of(), true);
                String history = saneget(s, "history_file", null, hereOnly(), true);
                history = history == null || history.isEmpty() ? null : normalizePath(history);
                return new SupervisorctlSettings(serverurl, username, password, prompt, history);
            } catch (PyValueError e) {
                // supervisord itself never reads [supervisorctl]; a bad value there is supervisorctl's problem
                return new SupervisorctlSettings(null, null, null, "supervisor", null);
            }
        }

        // ------------------------------------------------------------ [rpcinterface:x]

        private List<RpcInterfaceConfig> rpcInterfaces() {
            List<RpcInterfaceConfig> out = new ArrayList<>();
            for (String section : parser.sections()) {
                if (!section.startsWith("rpcinterface:")) {
                    continue;
                }
                String name = section.substring(section.indexOf(':') + 1);
                String factory = saneget(section, DEFAULT_RPC_FACTORY_KEY, null, Map.of(), true);
                if (factory == null) {
                    throw new PyValueError("section [" + section + "] does not specify a " + DEFAULT_RPC_FACTORY_KEY
                            + " (file: " + Py.repr(fileOf(section)) + ")");
                }
                Map<String, String> extras = new LinkedHashMap<>();
                for (String k : parser.options(section)) {
                    if (!k.equals(DEFAULT_RPC_FACTORY_KEY)) {
                        extras.put(k, saneget(section, k, null, Map.of(), true));
                    }
                }
                out.add(new RpcInterfaceConfig(name, factory, extras));
            }
            return out;
        }

        // ------------------------------------------------------------ groups

        private List<ProcessGroupConfig> processGroups(Map<String, String> globalEnv) {
            List<ProcessGroupConfig> groups = new ArrayList<>();
            List<String> all = parser.sections();
            Set<String> exclude = new LinkedHashSet<>();

            for (String groupSection : all) {
                if (!groupSection.startsWith("group:")) {
                    continue;
                }
                String section = groupSection;
                String groupName = named(section, () -> Datatypes.processOrGroupName(groupSection.substring(6)));
                List<String> programs = Datatypes.listOfStrings(saneget(section, "programs", null, hereOnly(), true));
                int priority = conv(section, "priority", or(saneget(section, "priority", null, hereOnly(), true), "999"),
                        Datatypes::integer, true);
                List<ProcessConfig> procs = new ArrayList<>();
                for (String program : programs) {
                    String ps = "program:" + program;
                    String fs = "fcgi-program:" + program;
                    boolean hasP = all.contains(ps);
                    boolean hasF = all.contains(fs);
                    if (!hasP && !hasF) {
                        // the reference names the last program section it looked at here (it reuses the variable)
                        throw new PyValueError("[" + section + "] names unknown program or fcgi-program " + program
                                + " (file: " + Py.repr(fileOf(groupSection)) + ")");
                    }
                    if (hasP && hasF) {
                        throw new PyValueError("[" + section + "] name " + program
                                + " is ambiguous (exists as program and fcgi-program)"
                                + " (file: " + Py.repr(fileOf(groupSection)) + ")");
                    }
                    section = hasP ? ps : fs;
                    exclude.add(section);
                    procs.addAll(processesFromSection(section, groupName));
                }
                groups.add(new ProcessGroupConfig(groupName, GroupType.PROGRAM, priority, true,
                        withEnv(procs, globalEnv), null, null));
            }

            for (String section : all) {
                if (!section.startsWith("program:") || exclude.contains(section)) {
                    continue;
                }
                String name = named(section, () -> Datatypes.processOrGroupName(section.substring(section.indexOf(':') + 1)));
                int priority = conv(section, "priority", or(saneget(section, "priority", null, hereOnly(), true), "999"),
                        Datatypes::integer, true);
                List<ProcessConfig> procs = processesFromSection(section, name);
                groups.add(new ProcessGroupConfig(name, GroupType.PROGRAM, priority, false,
                        withEnv(procs, globalEnv), null, null));
            }

            for (String section : all) {
                if (!section.startsWith("eventlistener:")) {
                    continue;
                }
                String poolName = section.substring(section.indexOf(':') + 1);
                Function<String, String> get = o -> saneget(section, o, null, hereOnly(), true);
                int priority = conv(section, "priority", or(get.apply("priority"), "-1"), Datatypes::integer, true);
                int bufferSize = conv(section, "buffer_size", or(get.apply("buffer_size"), "10"), Datatypes::integer, true);
                if (bufferSize < 1) {
                    throw new PyValueError("[" + section + "] section sets invalid buffer_size (" + bufferSize + ")"
                            + " (file: " + Py.repr(fileOf(section)) + ")");
                }
                // the handler is recorded, not imported: the event-listener bundle resolves it
                String resultHandler = or(get.apply("result_handler"), DEFAULT_RESULT_HANDLER);
                Set<String> events = new LinkedHashSet<>();
                for (String e : Datatypes.listOfStrings(or(get.apply("events"), ""))) {
                    events.add(e.toUpperCase(java.util.Locale.ROOT));
                }
                if (events.isEmpty()) {
                    throw new PyValueError("[" + section + "] section requires an \"events\" line"
                            + " (file: " + Py.repr(fileOf(section)) + ")");
                }
                for (String e : events) {
                    if (!Datatypes.EVENT_TYPES.contains(e)) {
                        throw new PyValueError("Unknown event type " + e + " in [" + section + "] events"
                                + " (file: " + Py.repr(fileOf(section)) + ")");
                    }
                }
                boolean redirect = conv(section, "redirect_stderr", or(get.apply("redirect_stderr"), "false"),
                        Datatypes::bool, true);
                if (redirect) {
                    throw new PyValueError("[" + section + "] section sets redirect_stderr=true "
                            + "but this is not allowed because it will interfere "
                            + "with the eventlistener protocol" + " (file: " + Py.repr(fileOf(section)) + ")");
                }
                List<ProcessConfig> procs = processesFromSection(section, poolName);
                groups.add(new ProcessGroupConfig(poolName, GroupType.EVENTLISTENER, priority, false,
                        withEnv(procs, globalEnv),
                        new ProcessGroupConfig.EventListenerSettings(bufferSize, new TreeSet<>(events), resultHandler),
                        null));
            }

            for (String section : all) {
                if (!section.startsWith("fcgi-program:") || exclude.contains(section)) {
                    continue;
                }
                String name = named(section, () -> Datatypes.processOrGroupName(section.substring(section.indexOf(':') + 1)));
                Function<String, String> get = o -> saneget(section, o, null, hereOnly(), true);
                int priority = conv(section, "priority", or(get.apply("priority"), "999"), Datatypes::integer, true);
                String procUser = get.apply("user");
                if (procUser != null) {
                    try {
                        checkUser(procUser);
                    } catch (PyValueError e) {
                        throw new PyValueError(e.getMessage() + where(section));
                    }
                }
                String backlogRaw = get.apply("socket_backlog");
                int backlog = 0;
                if (backlogRaw != null) {
                    backlog = conv(section, "socket_backlog", backlogRaw, Datatypes::integer, true);
                    if (backlog < 1 || backlog > 65535) {
                        throw new PyValueError("Invalid socket_backlog value " + backlog + where(section));
                    }
                }
                String socketOwner = get.apply("socket_owner");
                if (socketOwner != null && !userGroupValid(socketOwner)) {
                    throw new PyValueError("Invalid socket_owner value " + socketOwner + where(section));
                }
                String modeRaw = get.apply("socket_mode");
                Integer socketMode = null;
                if (modeRaw != null) {
                    try {
                        socketMode = Datatypes.octal(modeRaw);
                    } catch (PyValueError e) {
                        throw new PyValueError("Invalid socket_mode value " + modeRaw + where(section));
                    }
                }
                Map<String, Object> fcgiExp = new LinkedHashMap<>();
                fcgiExp.put("program_name", name);
                fcgiExp.put("here", here);
                String socket = saneget(section, "socket", null, fcgiExp, true);
                if (socket == null || socket.isEmpty()) {
                    throw new PyValueError("[" + section + "] section requires a \"socket\" line"
                            + " (file: " + Py.repr(fileOf(section)) + ")");
                }
                String url;
                try {
                    if (socket.startsWith("unix://")) {
                        String path = socket.substring(7);
                        if (!path.startsWith("/")) {
                            throw new PyValueError("('Unix socket path %s is not an absolute path', " + Py.repr(path) + ")");
                        }
                        url = "unix://" + normalizePath(path);
                        if (socketMode == null) {
                            socketMode = 0700;
                        }
                    } else {
                        if (socketOwner != null || socketMode != null) {
                            throw new PyValueError("socket_owner and socket_mode params should only be used with a Unix domain socket");
                        }
                        java.util.regex.Matcher m = java.util.regex.Pattern.compile("tcp://([^\\s:]+):(\\d+)").matcher(socket);
                        if (!m.matches()) {
                            throw new PyValueError("('Bad socket format %s', " + Py.repr(socket) + ")");
                        }
                        int port = Datatypes.portNumber(m.group(2));
                        url = "tcp://" + m.group(1).toLowerCase(java.util.Locale.ROOT) + ":" + port;
                    }
                } catch (PyValueError e) {
                    throw new PyValueError(e.getMessage() + " in [" + section + "] socket"
                            + " (file: " + Py.repr(fileOf(section)) + ")");
                }
                List<ProcessConfig> procs = processesFromSection(section, name);
                groups.add(new ProcessGroupConfig(name, GroupType.FCGI_PROGRAM, priority, false,
                        withEnv(procs, globalEnv), null,
                        new ProcessGroupConfig.FcgiSocketSettings(url, backlog, socketMode, socketOwner)));
            }
            groups.sort(Comparator.comparingInt(ProcessGroupConfig::priority).thenComparing(ProcessGroupConfig::name));
            return groups;
        }

        private String named(String section, java.util.function.Supplier<String> f) {
            try {
                return f.get();
            } catch (PyValueError e) {
                throw new PyValueError(e.getMessage() + " (file: " + Py.repr(fileOf(section)) + ")");
            }
        }

        private boolean userGroupValid(String arg) {
            int colon = arg.indexOf(':');
            String u = colon < 0 ? arg : arg.substring(0, colon);
            if (u.isEmpty()) {
                return false;
            }
            if (colon >= 0 && arg.substring(colon + 1).isEmpty()) {
                return false;
            }
            return environment.userExists().test(u);
        }

        /** [supervisord] environment= under each process's own (the process wins). */
        private List<ProcessConfig> withEnv(List<ProcessConfig> procs, Map<String, String> globalEnv) {
            List<ProcessConfig> out = new ArrayList<>();
            for (ProcessConfig p : procs) {
                Map<String, String> env = new LinkedHashMap<>(globalEnv);
                env.putAll(p.environment());
                out.add(new ProcessConfig(p.name(), p.command(), p.directory(), p.umask(), p.priority(), p.autostart(),
                        p.autorestart(), p.startsecs(), p.startretries(), p.user(), p.redirectStderr(), p.stdout(),
                        p.stderr(), p.stopsignal(), p.stopwaitsecs(), p.stopasgroup(), p.killasgroup(), p.exitcodes(),
                        env, p.serverurl()));
            }
            return out;
        }

        // ------------------------------------------------------------ processes

        private List<ProcessConfig> processesFromSection(String section, String groupName) {
            try {
                return processes(section, groupName);
            } catch (PyValueError e) {
                throw new PyValueError(e.getMessage() + where(section));
            }
        }

        private List<ProcessConfig> processes(String section, String groupName) {
            String programName = Datatypes.processOrGroupName(section.substring(section.indexOf(':') + 1));
            Map<String, Object> common = new LinkedHashMap<>();
            common.put("here", here);
            common.put("program_name", programName);
            common.put("host_node_name", environment.hostname());
            common.put("group_name", groupName);
            Function<String, String> get = o -> saneget(section, o, null, common, true);

            int priority = conv(section, "priority", or(get.apply("priority"), "999"), Datatypes::integer, false);
            boolean autostart = conv(section, "autostart", or(get.apply("autostart"), "true"), Datatypes::bool, false);
            Datatypes.Restart autorestart = conv(section, "autorestart", or(get.apply("autorestart"), "unexpected"),
                    Datatypes::autoRestart, false);
            int startsecs = conv(section, "startsecs", or(get.apply("startsecs"), "1"), Datatypes::integer, false);
            int startretries = conv(section, "startretries", or(get.apply("startretries"), "3"), Datatypes::integer, false);
            String stopsignal = conv(section, "stopsignal", or(get.apply("stopsignal"), "TERM"), Datatypes::signalName, false);
            int stopwaitsecs = conv(section, "stopwaitsecs", or(get.apply("stopwaitsecs"), "10"), Datatypes::integer, false);
            boolean stopasgroup = conv(section, "stopasgroup", or(get.apply("stopasgroup"), "false"), Datatypes::bool, false);
            String killRaw = get.apply("killasgroup");
            boolean killasgroup = killRaw == null ? stopasgroup : conv(section, "killasgroup", killRaw, Datatypes::bool, false);
            List<Integer> exitcodes = conv(section, "exitcodes", or(get.apply("exitcodes"), "0"), Datatypes::listOfExitcodes, false);
            boolean redirectStderr = conv(section, "redirect_stderr", or(get.apply("redirect_stderr"), "false"), Datatypes::bool, false);
            int numprocs = conv(section, "numprocs", or(get.apply("numprocs"), "1"), Datatypes::integer, false);
            int numprocsStart = conv(section, "numprocs_start", or(get.apply("numprocs_start"), "0"), Datatypes::integer, false);
            String environmentStr = or(saneget(section, "environment", null, common, false), "");
            long stdoutCapture = conv(section, "stdout_capture_maxbytes", or(get.apply("stdout_capture_maxbytes"), "0"), Datatypes::byteSize, false);
            boolean stdoutEvents = conv(section, "stdout_events_enabled", or(get.apply("stdout_events_enabled"), "false"), Datatypes::bool, false);
            long stderrCapture = conv(section, "stderr_capture_maxbytes", or(get.apply("stderr_capture_maxbytes"), "0"), Datatypes::byteSize, false);
            boolean stderrEvents = conv(section, "stderr_events_enabled", or(get.apply("stderr_events_enabled"), "false"), Datatypes::bool, false);
            String serverurl = get.apply("serverurl");
            if (serverurl != null && Py.strip(serverurl).equalsIgnoreCase("AUTO")) {
                serverurl = null;
            }
            String user = get.apply("user");
            if (user != null) {
                checkUser(user);
            }
            String umaskRaw = get.apply("umask");
            Integer umask = umaskRaw == null ? null : conv(section, "umask", umaskRaw, Datatypes::octal, false);
            String processName = Datatypes.processOrGroupName(
                    or(saneget(section, "process_name", null, common, false), "%(program_name)s"));
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
                expansions.putAll(environExpansions);
                Map<String, String> env = conv(section, "environment",
                        PyFormat.expand(environmentStr, expansions, "environment"), Datatypes::keyValuePairs, false);
                for (Map.Entry<String, String> e : env.entrySet()) {
                    expansions.put("ENV_" + e.getKey(), e.getValue());
                }
                String directory = get.apply("directory");

                LogStreamConfig[] streams = new LogStreamConfig[2];
                Object[] targets = new Object[2];
                String[] names = {"stdout", "stderr"};
                long[] capture = {stdoutCapture, stderrCapture};
                boolean[] events = {stdoutEvents, stderrEvents};
                int[] backupsA = new int[2];
                long[] maxbytesA = new long[2];
                boolean[] syslogA = new boolean[2];
                for (int k = 0; k < 2; k++) {
                    String lfKey = names[k] + "_logfile";
                    String lfVal = get.apply(lfKey);
                    Object target = LogStreamConfig.Target.AUTO;
                    if (lfVal != null) {
                        String expanded = PyFormat.expand(lfVal, expansions, lfKey);
                        target = conv(section, lfKey, expanded, this::logfileName, false);
                    }
                    backupsA[k] = conv(section, names[k] + "_logfile_backups",
                            or(get.apply(names[k] + "_logfile_backups"), "10"), Datatypes::integer, false);
                    maxbytesA[k] = conv(section, names[k] + "_logfile_maxbytes",
                            or(get.apply(names[k] + "_logfile_maxbytes"), "50MB"), Datatypes::byteSize, false);
                    syslogA[k] = conv(section, names[k] + "_syslog", or(get.apply(names[k] + "_syslog"), "false"),
                            Datatypes::bool, false);
                    if (target == SYSLOG) {
                        warnings.add("For [" + section + "], " + lfKey + "=syslog but this is deprecated and will "
                                + "be removed.  Use " + names[k] + "_syslog=true to enable syslog instead.");
                        target = LogStreamConfig.Target.NONE;
                        syslogA[k] = true;
                    }
                    if (target == LogStreamConfig.Target.AUTO && maxbytesA[k] == 0) {
                        warnings.add("For [" + section + "], AUTO logging used for " + lfKey + " without "
                                + "rollover, set maxbytes > 0 to avoid filling up "
                                + "filesystem unintentionally");
                    }
                    targets[k] = target;
                }
                if (redirectStderr) {
                    if (targets[1] instanceof String) {
                        warnings.add("For [" + section + "], redirect_stderr=true but stderr_logfile has "
                                + "also been set to a filename, the filename has been ignored");
                    }
                    targets[1] = LogStreamConfig.Target.NONE;
                }
                for (int k = 0; k < 2; k++) {
                    LogStreamConfig.Target t = targets[k] instanceof String ? LogStreamConfig.Target.FILE
                            : (LogStreamConfig.Target) targets[k];
                    String path = targets[k] instanceof String s ? s : null;
                    streams[k] = new LogStreamConfig(t, path, maxbytesA[k], backupsA[k], capture[k], events[k], syslogA[k]);
                }

                String command = saneget(section, "command", null, expansions, true);
                if (command == null) {
                    throw new PyValueError("program section " + section + " does not specify a command");
                }
                String name = PyFormat.expand(processName, expansions, "process_name");
                out.add(new ProcessConfig(name, command, directory, umask, priority, autostart,
                        ProcessConfig.AutoRestart.valueOf(autorestart.name()), startsecs, startretries, user,
                        redirectStderr, streams[0], streams[1], stopsignal, stopwaitsecs, stopasgroup, killasgroup,
                        exitcodes, env, serverurl));
            }
            out.sort(Comparator.comparingInt(ProcessConfig::priority).thenComparing(ProcessConfig::name));
            return out;
        }

        private static final Object SYSLOG = new Object();

        /** AUTO / NONE / syslog / a path whose folder must exist. */
        private Object logfileName(String val) {
            String c = val.toLowerCase(java.util.Locale.ROOT);
            if (c.equals("none") || c.equals("off")) {
                return LogStreamConfig.Target.NONE;
            }
            if (c.equals("auto")) {
                return LogStreamConfig.Target.AUTO;
            }
            if (c.equals("syslog")) {
                return SYSLOG;
            }
            return existingDirpath(val);
        }

        // ------------------------------------------------------------ servers

        private List<HttpServerConfig> serverConfigs() {
            List<HttpServerConfig> unix = new ArrayList<>();
            List<HttpServerConfig> inet = new ArrayList<>();
            for (String section : parser.sections()) {
                if (!section.startsWith("inet_http_server")) {
                    continue;
                }
                String[] auth = usernameAndPassword(section);
                String port = saneget(section, "port", null, Map.of(), true);
                if (port == null) {
                    throw new PyValueError("section [" + section + "] has no port value");
                }
                Object[] hp;
                try {
                    hp = Datatypes.inetAddress(port);
                } catch (PyValueError e) {
                    throw new PyValueError(e.getMessage() + " for option 'port'" + where(section));
                }
                inet.add(new HttpServerConfig.Inet(section, (String) hp[0], (Integer) hp[1], auth[0], auth[1]));
            }
            for (String section : parser.sections()) {
                if (!section.startsWith("unix_http_server")) {
                    continue;
                }
                String file = saneget(section, "file", null, hereOnly(), true);
                if (file == null) {
                    throw new PyValueError("section [" + section + "] has no file value");
                }
                file = normalizePath(Py.strip(file));
                String[] auth = usernameAndPassword(section);
                String chown = saneget(section, "chown", null, Map.of(), true);
                if (chown != null && !userGroupValid(chown)) {
                    throw new PyValueError("Invalid sockchown value " + chown + where(section));
                }
                String chmodRaw = saneget(section, "chmod", null, Map.of(), true);
                int chmod = 0700;
                if (chmodRaw != null) {
                    try {
                        chmod = Datatypes.octal(chmodRaw);
                    } catch (PyValueError e) {
                        throw new PyValueError("Invalid chmod value " + chmodRaw + where(section));
                    }
                }
                unix.add(new HttpServerConfig.Unix(section, file, chmod, chown, auth[0], auth[1]));
            }
            List<HttpServerConfig> all = new ArrayList<>(unix);
            all.addAll(inet);
            return all;
        }

        private String[] usernameAndPassword(String section) {
            String username = saneget(section, "username", null, Map.of(), true);
            String password = saneget(section, "password", null, Map.of(), true);
            if ((username == null) != (password == null)) {
                throw new PyValueError("Section [" + section + "] contains incomplete authentication: "
                        + "If a username or a password is specified, both the "
                        + "username and password must be specified" + " (file: " + Py.repr(fileOf(section)) + ")");
            }
            return new String[] {username, password};
        }
    }

    private static String or(String v, String dflt) {
        return v == null ? dflt : v;
    }
}
