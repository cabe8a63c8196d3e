package io.jsupervisor.platform.supervisord;

import io.jsupervisor.pycompat.PyInts;
import io.jsupervisor.pycompat.PyPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The {@code supervisord} command line, parsed the way Python's {@code getopt.getopt} parses it
 * (clustered short options, {@code -cFILE}, {@code --opt=value}, unique long-option prefixes,
 * parsing stops at the first non-option) and checked the way Supervisor 4.2.5 checks each value.
 */
public final class CommandLine {

    /** What the command line asks for. */
    public enum Action { RUN, HELP, VERSION }

    /**
     * @param action run, or print help / version
     * @param configFile {@code -c} as typed, or null
     * @param overrides [supervisord] options by config name, values as typed ({@code "true"} for
     *     flags; {@code ~} expanded in paths, as the reference does)
     * @param profileOptions {@code --profile_options} as typed, or null
     */
    public record Parsed(Action action, String configFile, Map<String, String> overrides, String profileOptions) {}

    /** A command line the reference would refuse; the message is what follows {@code Error: }. */
    public static final class UsageError extends Exception {
        private static final long serialVersionUID = 1L;

        public UsageError(String message) {
            super(message);
        }
    }

    private enum Check { NONE, FLAG, OCTAL, EXISTING_DIRECTORY, EXISTING_DIRPATH, BYTE_SIZE, INT, LOGLEVEL, HELP, VERSION }

    /** One option; {@code name} is the config option (or "configfile", "profile_options"). */
    private record Opt(String shortName, String longName, boolean hasArg, String name, Check check) {}

    private static final List<Opt> OPTIONS = List.of(
            new Opt("h", "help", false, null, Check.HELP),
            new Opt("?", null, false, null, Check.HELP),
            new Opt("c", "configuration", true, "configfile", Check.NONE),
            new Opt("v", "version", false, null, Check.VERSION),
            new Opt("n", "nodaemon", false, "nodaemon", Check.FLAG),
            new Opt("u", "user", true, "user", Check.NONE),
            new Opt("m", "umask", true, "umask", Check.OCTAL),
            new Opt("d", "directory", true, "directory", Check.EXISTING_DIRECTORY),
            new Opt("l", "logfile", true, "logfile", Check.EXISTING_DIRPATH),
            new Opt("y", "logfile_maxbytes", true, "logfile_maxbytes", Check.BYTE_SIZE),
            new Opt("z", "logfile_backups", true, "logfile_backups", Check.INT),
            new Opt("e", "loglevel", true, "loglevel", Check.LOGLEVEL),
            new Opt("j", "pidfile", true, "pidfile", Check.EXISTING_DIRPATH),
            new Opt("i", "identifier", true, "identifier", Check.NONE),
            new Opt("q", "childlogdir", true, "childlogdir", Check.EXISTING_DIRECTORY),
            new Opt("a", "minfds", true, "minfds", Check.INT),
            new Opt(null, "minprocs", true, "minprocs", Check.INT),
            new Opt("k", "nocleanup", false, "nocleanup", Check.FLAG),
            new Opt("t", "strip_ansi", false, "strip_ansi", Check.FLAG),
            new Opt(null, "profile_options", true, "profile_options", Check.NONE),
            new Opt("s", "silent", false, "silent", Check.FLAG),
            new Opt(null, "container", false, "container_mode", Check.FLAG));

    /**
     * jsupervisor's own long options: matched only when written whole, so that an abbreviation
     * the reference takes ({@code --con} for {@code --configuration}) means the same here.
     */
    private static final Set<String> WHOLE_NAME_ONLY = Set.of("container");

    private static final Set<String> LEVELS = Set.of("critical", "error", "warn", "info", "debug", "trace", "blather");

    private final Predicate<Path> isDirectory;
    private final String home;

    /** @param isDirectory how directories are checked; {@code home} is {@code ~} for expansion */
    public CommandLine(Predicate<Path> isDirectory, String home) {
        this.isDirectory = isDirectory;
        this.home = home;
    }

    public static CommandLine system() {
        return new CommandLine(Files::isDirectory, System.getProperty("user.home"));
    }

    public Parsed parse(List<String> args) throws UsageError {
        List<String[]> opts = new ArrayList<>(); // {"-x" or "--long", value}
        int i = 0;
        while (i < args.size() && args.get(i).startsWith("-") && !args.get(i).equals("-")) {
            String a = args.get(i++);
            if (a.equals("--")) {
                break;
            }
            if (a.startsWith("--")) {
                String opt = a.substring(2);
                String optarg = null;
                int eq = opt.indexOf('=');
                if (eq >= 0) {
                    optarg = opt.substring(eq + 1);
                    opt = opt.substring(0, eq);
                }
                Opt o = longOption(opt);
                if (o.hasArg()) {
                    if (optarg == null) {
                        if (i >= args.size()) {
                            throw new UsageError("option --" + o.longName() + " requires argument");
                        }
                        optarg = args.get(i++);
                    }
                } else if (optarg != null) {
                    throw new UsageError("option --" + o.longName() + " must not have an argument");
                }
                opts.add(new String[] {"--" + o.longName(), optarg == null ? "" : optarg});
            } else {
                String s = a.substring(1);
                while (!s.isEmpty()) {
                    String c = s.substring(0, 1);
                    s = s.substring(1);
                    Opt o = shortOption(c);
                    String optarg = "";
                    if (o.hasArg()) {
                        if (s.isEmpty()) {
                            if (i >= args.size()) {
                                throw new UsageError("option -" + c + " requires argument");
                            }
                            s = args.get(i++);
                        }
                        optarg = s;
                        s = "";
                    }
                    opts.add(new String[] {"-" + c, optarg});
                }
            }
        }
        List<String> positional = args.subList(i, args.size());
        if (!positional.isEmpty()) {
            throw new UsageError("positional arguments are not supported: " + pyList(positional));
        }

        String configFile = null;
        String profile = null;
        Map<String, String> overrides = new LinkedHashMap<>();
        Set<String> seen = new java.util.HashSet<>();
        for (String[] pair : opts) {
            String key = pair[0];
            String arg = pair[1];
            Opt o = byKey(key);
            String value = check(o, key, arg);
            if (o.check() == Check.HELP) {
                return new Parsed(Action.HELP, null, Map.of(), null);
            }
            if (o.check() == Check.VERSION) {
                return new Parsed(Action.VERSION, null, Map.of(), null);
            }
            if (!seen.add(o.name())) {
                throw new UsageError("conflicting command line option " + pyRepr(key));
            }
            switch (o.name()) {
                case "configfile" -> configFile = value;
                case "profile_options" -> profile = value;
                default -> overrides.put(o.name(), value);
            }
        }
        return new Parsed(Action.RUN, configFile, overrides, profile);
    }

    private String check(Opt o, String key, String arg) throws UsageError {
        try {
            return switch (o.check()) {
                case NONE, HELP, VERSION -> arg;
                case FLAG -> "true";
                case OCTAL -> {
                    if (!isOctal(arg)) {
                        throw new IllegalArgumentException(arg + " can not be converted to an octal type");
                    }
                    yield arg;
                }
                case EXISTING_DIRECTORY -> {
                    String nv = expandUser(arg);
                    if (!isDirectory.test(Path.of(nv))) {
                        throw new IllegalArgumentException(arg + " is not an existing directory");
                    }
                    yield nv;
                }
                case EXISTING_DIRPATH -> {
                    String nv = expandUser(arg);
                    String dir = PyPaths.dirname(nv);
                    if (!dir.isEmpty() && !isDirectory.test(Path.of(dir))) {
                        throw new IllegalArgumentException(
                                "The directory named as part of the path " + arg + " does not exist");
                    }
                    yield nv;
                }
                case BYTE_SIZE -> {
                    String v = arg.toLowerCase(Locale.ROOT);
                    String digits = v.endsWith("kb") || v.endsWith("mb") || v.endsWith("gb")
                            ? v.substring(0, v.length() - 2) : v;
                    pyInt(digits);
                    yield arg;
                }
                case INT -> {
                    pyInt(arg);
                    yield arg;
                }
                case LOGLEVEL -> {
                    if (!LEVELS.contains(arg.toLowerCase(Locale.ROOT))) {
                        throw new IllegalArgumentException("bad logging level name " + pyRepr(arg));
                    }
                    yield arg;
                }
            };
        } catch (IllegalArgumentException e) {
            throw new UsageError("invalid value for " + key + " " + pyRepr(arg) + ": " + e.getMessage());
        }
    }

    private static Opt longOption(String opt) throws UsageError {
        List<Opt> possible = new ArrayList<>();
        for (Opt o : OPTIONS) {
            if (o.longName() != null && o.longName().startsWith(opt)) {
                if (o.longName().equals(opt)) {
                    return o;
                }
                if (!WHOLE_NAME_ONLY.contains(o.longName())) {
                    possible.add(o);
                }
            }
        }
        if (possible.isEmpty()) {
            throw new UsageError("option --" + opt + " not recognized");
        }
        if (possible.size() > 1) {
            throw new UsageError("option --" + opt + " not a unique prefix");
        }
        return possible.get(0);
    }

    private static Opt shortOption(String c) throws UsageError {
        for (Opt o : OPTIONS) {
            if (c.equals(o.shortName())) {
                return o;
            }
        }
        throw new UsageError("option -" + c + " not recognized");
    }

    private static Opt byKey(String key) {
        for (Opt o : OPTIONS) {
            if (key.equals("-" + o.shortName()) || key.equals("--" + o.longName())) {
                return o;
            }
        }
        throw new IllegalStateException(key);
    }

    private String expandUser(String v) {
        if (v.equals("~") && home != null) {
            return home;
        }
        if (v.startsWith("~/") && home != null) {
            return home + v.substring(1);
        }
        if (v.startsWith("~") && !v.startsWith("~/")) {
            int slash = v.indexOf('/');
            String user = slash < 0 ? v.substring(1) : v.substring(1, slash);
            String dir = Passwd.homeOf(user);
            if (dir != null) {
                return dir + (slash < 0 ? "" : v.substring(slash));
            }
        }
        return v;
    }

    /** Whether Python's {@code int(s, 8)} takes the value. */
    static boolean isOctal(String arg) {
        return PyInts.parse(arg, 8) != null;
    }

    /** Python's {@code int(s)} for base 10; throws with Python's message. */
    static void pyInt(String arg) {
        if (PyInts.parse(arg, 10) == null) {
            throw new IllegalArgumentException(PyInts.invalidLiteral(arg));
        }
    }

    /** Python's {@code repr()} of a str, as the reference quotes values in its messages. */
    static String pyRepr(String s) {
        return io.jsupervisor.pycompat.PyRepr.repr(s);
    }


    static String pyList(List<String> items) {
        StringBuilder b = new StringBuilder("[");
        for (int k = 0; k < items.size(); k++) {
            if (k > 0) {
                b.append(", ");
            }
            b.append(pyRepr(items.get(k)));
        }
        return b.append(']').toString();
    }

    /** {@code ~user} lookups in /etc/passwd (the reference uses pwd). */
    static final class Passwd {
        static String homeOf(String user) {
            try {
                for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                    String[] f = line.split(":", -1);
                    if (f.length >= 6 && f[0].equals(user)) {
                        return f[5];
                    }
                }
            } catch (java.io.IOException e) {
                return null;
            }
            return null;
        }
    }

    /** The help text: the reference's layout, our wording. {@code %s} is the program name. */
    public static String help(String progname) {
        String doc = """
                supervisord -- run a set of applications as daemons.

                Usage: %s [options]

                Options:
                -c/--configuration FILENAME -- the config file to use (searched for if not given)
                -n/--nodaemon -- stay in the foreground (like 'nodaemon=true' in the config file)
                -s/--silent -- do not copy the log to stdout (like 'silent=true' in the config file)
                -h/--help -- show this help and exit
                -v/--version -- show the supervisord version and exit
                -u/--user USER -- run as this user (a name or a numeric uid)
                -m/--umask UMASK -- umask of the daemon and its children (default 022)
                -d/--directory DIRECTORY -- directory to change to once daemonized
                -l/--logfile FILENAME -- write the activity log to FILENAME
                -y/--logfile_maxbytes BYTES -- rotate the activity log when it reaches BYTES
                -z/--logfile_backups NUM -- keep NUM rotated activity logs
                -e/--loglevel LEVEL -- log at LEVEL (debug,info,warn,error,critical)
                -j/--pidfile FILENAME -- write the daemon's process id to FILENAME
                -i/--identifier STR -- the identifier of this supervisord instance
                -q/--childlogdir DIRECTORY -- directory for the AUTO child process logs
                -k/--nocleanup --  keep old AUTO child log files at start-up instead of
                                   removing them.
                -a/--minfds NUM -- start only if NUM file descriptors are available
                -t/--strip_ansi -- remove ANSI escape sequences from process output
                --minprocs NUM  -- start only if NUM processes are available
                --profile_options OPTIONS -- profile supervisord and report according to
                                             OPTIONS, a comma-separated list of 'cumulative',
                                             'calls' and/or 'callers', e.g. 'cumulative,callers'
                                             (not supported by jsupervisor: it is refused)
                --container -- container mode (like 'container_mode=true' in the config file):
                               foreground, the programs' output on stdout, the log on stderr
                """;
        return doc.replace("%s", progname) + "\n";
    }
}
