package io.jsupervisor.platform.supervisorctl;

import io.jsupervisor.platform.supervisorctl.RpcClient.ConnectError;
import io.jsupervisor.platform.supervisorctl.RpcClient.Fault;
import io.jsupervisor.platform.supervisorctl.RpcClient.ProtocolError;
import io.jsupervisor.pycompat.ConfigSearchPath;
import io.jsupervisor.pycompat.PyRepr;
import io.jsupervisor.pycompat.ReferenceVersion;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * jsupervisor's supervisorctl: the command-line and interactive client of supervisord, speaking
 * XML-RPC to it. Output, error lines and exit codes are those of Supervisor 4.2.5's client.
 */
public final class Supervisorctl {
    // fault codes
    static final int UNKNOWN_METHOD = 1, SHUTDOWN_STATE = 6, BAD_NAME = 10, BAD_SIGNAL = 11, NO_FILE = 20,
            NOT_EXECUTABLE = 21, FAILED = 30, ABNORMAL_TERMINATION = 40, SPAWN_ERROR = 50, ALREADY_STARTED = 60,
            NOT_RUNNING = 70, SUCCESS = 80, ALREADY_ADDED = 90, STILL_RUNNING = 91, CANT_REREAD = 92;
    // exit statuses
    static final int GENERIC = 1, INVALID_ARGS = 2, UNIMPLEMENTED_FEATURE = 3, INSUFFICIENT_PRIVILEGES = 4,
            NOT_INSTALLED = 5, LSB_NOT_RUNNING = 7, STATUS_NOT_RUNNING = 3, STATUS_UNKNOWN = 4;

    static final String USAGE = """
            supervisorctl -- control applications run by supervisord from the cmd line.

            Usage: %s [options] [action [arguments]]

            Options:
            -c/--configuration FILENAME -- the config file to read (default: searched for
                 as supervisord does)
            -h/--help -- show this message and exit
            -i/--interactive -- run the given action, or none, then open a command shell
            -s/--serverurl URL -- where supervisord listens: unix:///path/to/socket or
                 http://host:port (default "http://localhost:9001")
            -u/--username USERNAME -- user name sent to the server
            -p/--password PASSWORD -- password sent to the server
            -r/--history-file -- file in which the shell keeps its command history

            action [arguments] -- see below

            An action is a command such as "status", "tail" or "stop".  Without an action
            (or with -i) an interactive shell reads actions line by line.  Type "help" in
            the shell, or give "help" as the action, to list them.
            """;

    final String progname;
    String serverurl;
    String username;
    String password;
    String prompt = "supervisor";
    String historyFile;
    boolean interactive;
    int exitstatus;
    final OutputStream out = new FileOutputStream(FileDescriptor.out);
    BufferedReader stdin;
    List<Map<String, Object>> completeInfo;
    volatile Runnable interrupter;
    /** Where questions and fg read lines from when the shell runs on a terminal; null otherwise. */
    volatile LineInput lines;

    /** Line input of the terminal shell: null at EOF, {@link java.io.InterruptedIOException} on Ctrl-C. */
    interface LineInput {
        String readLine(String prompt) throws IOException;

        String readSecret(String prompt) throws IOException;
    }

    Supervisorctl(String progname) {
        this.progname = progname;
    }

    /** Thrown when stdout is gone (closed pipe): we end quietly. */
    static final class PipeClosed extends RuntimeException {
        PipeClosed() {
            super(null, null, false, false);
        }
    }

    public static void main(String[] args) {
        String prog = System.getProperty("jsupervisor.executable", "supervisorctl");
        Supervisorctl c = new Supervisorctl(prog);
        int rc;
        try {
            rc = c.run(args);
        } catch (PipeClosed e) {
            rc = 0;
        }
        System.exit(rc);
    }

    void usage(String msg) {
        System.err.print("Error: " + msg + "\nFor help, use " + progname + " -h\n");
        System.err.flush();
        System.exit(2);
    }

    int run(String[] argv) {
        String configfile = null;
        String s = null, u = null, p = null, r = null;
        boolean i = false;
        List<String> rest = new ArrayList<>();
        int k = 0;
        String[] longs = {"help", "configuration=", "interactive", "serverurl=", "username=", "password=",
            "history_file="};
        while (k < argv.length) {
            String a = argv[k];
            if (a.equals("--")) {
                k++;
                break;
            }
            if (!a.startsWith("-") || a.equals("-")) {
                break;
            }
            String opt;
            String val = null;
            if (a.startsWith("--")) {
                String body = a.substring(2);
                String given = body;
                String inline = null;
                int eq = body.indexOf('=');
                if (eq >= 0) {
                    given = body.substring(0, eq);
                    inline = body.substring(eq + 1);
                }
                String match = null;
                boolean takesArg = false;
                List<String> cands = new ArrayList<>();
                for (String l : longs) {
                    String name = l.endsWith("=") ? l.substring(0, l.length() - 1) : l;
                    if (name.equals(given)) {
                        cands = List.of(l);
                        break;
                    }
                    if (name.startsWith(given)) {
                        cands.add(l);
                    }
                }
                if (cands.isEmpty()) {
                    usage("option --" + given + " not recognized");
                }
                if (cands.size() > 1) {
                    usage("option --" + given + " not a unique prefix");
                }
                match = cands.get(0);
                takesArg = match.endsWith("=");
                String name = takesArg ? match.substring(0, match.length() - 1) : match;
                opt = "--" + name;
                if (takesArg) {
                    if (inline != null) {
                        val = inline;
                    } else {
                        if (k + 1 >= argv.length) {
                            usage("option --" + name + " requires argument");
                        }
                        val = argv[++k];
                    }
                } else if (inline != null) {
                    usage("option --" + name + " must not have an argument");
                }
                k++;
                i = applyOpt(opt, val, i);
                if (opt.equals("--configuration")) {
                    configfile = set(configfile, val, opt);
                } else if (opt.equals("--serverurl")) {
                    s = set(s, url(opt, val), opt);
                } else if (opt.equals("--username")) {
                    u = set(u, val, opt);
                } else if (opt.equals("--password")) {
                    p = set(p, val, opt);
                } else if (opt.equals("--history_file")) {
                    r = set(r, val, opt);
                }
                continue;
            }
            // short options, possibly clustered
            int j = 1;
            while (j < a.length()) {
                char ch = a.charAt(j);
                String shorts = "hc:?is:u:p:r:";
                int idx = shorts.indexOf(ch);
                if (idx < 0 || ch == ':') {
                    usage("option -" + ch + " not recognized");
                }
                boolean takes = idx + 1 < shorts.length() && shorts.charAt(idx + 1) == ':';
                opt = "-" + ch;
                val = null;
                if (takes) {
                    if (j + 1 < a.length()) {
                        val = a.substring(j + 1);
                    } else {
                        if (k + 1 >= argv.length) {
                            usage("option -" + ch + " requires argument");
                        }
                        val = argv[++k];
                    }
                    j = a.length();
                } else {
                    j++;
                }
                i = applyOpt(opt, val, i);
                switch (ch) {
                    case 'c' -> configfile = set(configfile, val, opt);
                    case 's' -> s = set(s, url(opt, val), opt);
                    case 'u' -> u = set(u, val, opt);
                    case 'p' -> p = set(p, val, opt);
                    case 'r' -> r = set(r, val, opt);
                    default -> { }
                }
            }
            k++;
        }
        while (k < argv.length) {
            rest.add(argv[k++]);
        }

        if (configfile == null) {
            for (String path : ConfigSearchPath.of(progname)) {
                if (Files.exists(Path.of(path))) {
                    configfile = path;
                    break;
                }
            }
        }
        CtlConfig cfg = new CtlConfig();
        if (configfile != null) {
            try {
                cfg = CtlConfig.read(configfile);
            } catch (CtlConfig.ConfigError e) {
                usage(e.getMessage());
            }
        }
        serverurl = s != null ? s : cfg.serverurl;
        username = u != null ? u : cfg.username;
        password = p != null ? p : cfg.password;
        // as the reference: a history_file in the config wins over -r
        historyFile = cfg.historyFile != null ? cfg.historyFile : r == null || r.isEmpty() ? null : CtlConfig.normalize(r);
        prompt = cfg.prompt;
        interactive = i || rest.isEmpty();
        Shell.installInterruptHandler(this);

        if (!rest.isEmpty()) {
            onecmd(String.join(" ", rest));
            flush();
            return exitstatus;
        }
        if (interactive) {
            Shell.loop(this);
            return 0;
        }
        return exitstatus;
    }

    private static String set(String old, String val, String opt) {
        return val;
    }

    private final Set<String> seen = new LinkedHashSet<>();

    private boolean applyOpt(String opt, String val, boolean interactiveFlag) {
        String key = switch (opt) {
            case "-c", "--configuration" -> "configfile";
            case "-s", "--serverurl" -> "serverurl";
            case "-u", "--username" -> "username";
            case "-p", "--password" -> "password";
            case "-r", "--history_file" -> "history";
            case "-i", "--interactive" -> "interactive";
            default -> null;
        };
        if (opt.equals("-h") || opt.equals("-?") || opt.equals("--help")) {
            System.out.print(USAGE.replace("%s", progname) + "\n");
            System.out.flush();
            System.exit(0);
        }
        if (key != null && !seen.add(key)) {
            usage("conflicting command line option " + PyRepr.repr(opt));
        }
        return interactiveFlag || key != null && key.equals("interactive");
    }

    private String url(String opt, String v) {
        int colon = v.indexOf(':');
        boolean ok = false;
        if (colon > 0 && v.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            String rest = v.substring(colon + 1);
            if (rest.startsWith("//")) {
                ok = rest.length() > 2;
            } else {
                ok = !rest.isEmpty() && !v.substring(0, colon).matches("\\d+");
            }
        }
        if (!ok) {
            usage("invalid value for " + opt + " " + PyRepr.repr(v) + ": value " + PyRepr.repr(v)
                    + " is not a URL");
        }
        return v;
    }

    // ---------------------------------------------------------------- output

    void output(String msg) {
        write((msg + "\n").getBytes(StandardCharsets.UTF_8));
    }

    void write(byte[] b) {
        try {
            out.write(b);
        } catch (IOException e) {
            throw new PipeClosed();
        }
    }

    void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new PipeClosed();
        }
    }

    RpcClient rpc() {
        return new RpcClient(serverurl, username, password);
    }

    Object call(String method, Object... params) throws Fault {
        try {
            return rpc().call(method, params);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> callList(String method, Object... params) throws Fault {
        return (List<Map<String, Object>>) call(method, params);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> callMap(String method, Object... params) throws Fault {
        return (Map<String, Object>) call(method, params);
    }

    // ---------------------------------------------------------------- dispatch

    /** Runs one command line; returns true when the shell should end. */
    boolean onecmd(String line) {
        line = line.strip();
        if (line.isEmpty()) {
            return false;
        }
        if (line.startsWith("?")) {
            line = "help " + line.substring(1);
        }
        int n = 0;
        while (n < line.length() && (Character.isLetterOrDigit(line.charAt(n)) || line.charAt(n) == '_')) {
            n++;
        }
        n = ActionRegistry.ownActionEnd(line, n);
        String cmd = line.substring(0, n);
        String arg = line.substring(n).strip();
        completeInfo = null;
        Action action = ActionRegistry.byName(cmd);
        if (action == null) {
            output("*** Unknown syntax: " + line);
            exitstatus = GENERIC;
            return false;
        }
        try {
            return action.handler().run(this, arg);
        } catch (PipeClosed e) {
            throw e;
        } catch (UncheckedIOException e) {
            IOException io = e.getCause();
            if (io instanceof ProtocolError pe && pe.status == 401) {
                output("Server requires authentication");
                exitstatus = GENERIC;
                if (interactive) {
                    try {
                        String user = Shell.ask(this, "Username:");
                        String pw = Shell.askPassword(this, "Password:");
                        output("");
                        if (user != null) {
                            username = user;
                            password = pw;
                            return onecmd(line);
                        }
                    } catch (IOException ignored) {
                        // fall through
                    }
                    return false;
                }
                // the reference runs the action a second time, which fails the same way
                output("error: <class 'xmlrpc.client.ProtocolError'>, <ProtocolError for 127.0.0.1/RPC2: "
                        + "401 Unauthorized>: file: supervisorctl line: 0");
                return false;
            }
            exitstatus = GENERIC;
            output("error: " + pythonClass(io) + ", " + io.getMessage() + ": file: " + "supervisorctl line: 0");
        } catch (Fault f) {
            exitstatus = GENERIC;
            output("error: <class 'xmlrpc.client.Fault'>, <Fault " + f.code + ": " + PyRepr.repr(f.string)
                    + ">: file: supervisorctl line: 0");
        } catch (RuntimeException e) {
            exitstatus = GENERIC;
            output("error: <class '" + e.getClass().getSimpleName() + "'>, " + e.getMessage()
                    + ": file: supervisorctl line: 0");
        }
        return false;
    }

    private static String pythonClass(IOException e) {
        if (e instanceof ConnectError ce) {
            return switch (ce.kind) {
                case "ENOENT" -> "<class 'FileNotFoundError'>";
                case "ECONNREFUSED" -> "<class 'ConnectionRefusedError'>";
                default -> "<class 'OSError'>";
            };
        }
        if (e instanceof ProtocolError) {
            return "<class 'xmlrpc.client.ProtocolError'>";
        }
        return "<class 'OSError'>";
    }

    /** The reference's upcheck: false (with message and status) when the server is unusable. */
    boolean upcheck() throws Fault {
        try {
            Object api = rpc().call("supervisor.getVersion");
            if (!ReferenceVersion.RPC_API.equals(api)) {
                output("Sorry, this version of supervisorctl expects to talk to a server with API version "
                        + ReferenceVersion.RPC_API + ", but the remote version is " + api + ".");
                exitstatus = NOT_INSTALLED;
                return false;
            }
        } catch (Fault f) {
            if (f.code == UNKNOWN_METHOD) {
                output("Sorry, supervisord responded but did not recognize the supervisor namespace commands "
                        + "that supervisorctl uses to control it.  Please check that the [rpcinterface:supervisor] "
                        + "section is enabled in the configuration file (see sample.conf).");
                exitstatus = UNIMPLEMENTED_FEATURE;
                return false;
            }
            exitstatus = GENERIC;
            throw f;
        } catch (ConnectError e) {
            if (e.kind.equals("ECONNREFUSED")) {
                output(serverurl + " refused connection");
                exitstatus = INSUFFICIENT_PRIVILEGES;
                return false;
            } else if (e.kind.equals("ENOENT")) {
                output(serverurl + " no such file");
                exitstatus = LSB_NOT_RUNNING;
                return false;
            }
            exitstatus = GENERIC;
            throw new UncheckedIOException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return true;
    }

    static String[] split(String arg) {
        String t = arg.strip();
        return t.isEmpty() ? new String[0] : t.split("\\s+");
    }

    static List<String> words(String arg) {
        return new ArrayList<>(Arrays.asList(split(arg)));
    }

    BufferedReader stdin() {
        if (stdin == null) {
            stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        }
        return stdin;
    }
}
