package io.jsupervisor.config;

import io.jsupervisor.pycompat.PyPaths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Value conversions with the reference's rules and messages (supervisor/datatypes.py). */
final class Datatypes {
    private Datatypes() {}

    private static final Set<String> TRUTHY = Set.of("yes", "true", "on", "1");
    private static final Set<String> FALSY = Set.of("no", "false", "off", "0");

    /** Linux signal numbers by name, aliases included; canonical names first. */
    static final Map<String, Integer> SIGNALS = new LinkedHashMap<>();
    private static final Map<Integer, String> SIGNAL_NAMES = new LinkedHashMap<>();

    static {
        Object[] table = {
            "HUP", 1, "INT", 2, "QUIT", 3, "ILL", 4, "TRAP", 5, "ABRT", 6, "BUS", 7, "FPE", 8, "KILL", 9,
            "USR1", 10, "SEGV", 11, "USR2", 12, "PIPE", 13, "ALRM", 14, "TERM", 15, "STKFLT", 16, "CHLD", 17,
            "CONT", 18, "STOP", 19, "TSTP", 20, "TTIN", 21, "TTOU", 22, "URG", 23, "XCPU", 24, "XFSZ", 25,
            "VTALRM", 26, "PROF", 27, "WINCH", 28, "IO", 29, "PWR", 30, "SYS", 31, "RTMIN", 34, "RTMAX", 64,
            "IOT", 6, "CLD", 17, "POLL", 29,
        };
        for (int i = 0; i < table.length; i += 2) {
            SIGNALS.put((String) table[i], (Integer) table[i + 1]);
            SIGNAL_NAMES.putIfAbsent((Integer) table[i + 1], (String) table[i]);
        }
    }

    /**
     * Event type names the reference knows (supervisor.events.EventTypes), and jsupervisor's
     * PROCESS_READINESS types (a config that subscribes to them does not run on the reference).
     */
    static final Set<String> EVENT_TYPES = Set.of(
            "EVENT", "PROCESS_STATE", "PROCESS_STATE_STOPPED", "PROCESS_STATE_EXITED", "PROCESS_STATE_STARTING",
            "PROCESS_STATE_STOPPING", "PROCESS_STATE_BACKOFF", "PROCESS_STATE_FATAL", "PROCESS_STATE_RUNNING",
            "PROCESS_STATE_UNKNOWN", "PROCESS_COMMUNICATION", "PROCESS_COMMUNICATION_STDOUT",
            "PROCESS_COMMUNICATION_STDERR", "PROCESS_LOG", "PROCESS_LOG_STDOUT", "PROCESS_LOG_STDERR",
            "REMOTE_COMMUNICATION", "SUPERVISOR_STATE_CHANGE", "SUPERVISOR_STATE_CHANGE_RUNNING",
            "SUPERVISOR_STATE_CHANGE_STOPPING", "TICK", "TICK_5", "TICK_60", "TICK_3600", "PROCESS_GROUP",
            "PROCESS_GROUP_ADDED", "PROCESS_GROUP_REMOVED", "PROCESS_READINESS", "PROCESS_READY",
            "PROCESS_NOT_READY");

    static String processOrGroupName(String name) {
        String s = Py.strip(name);
        for (char c : new char[] {' ', ':', '/'}) {
            if (s.indexOf(c) >= 0) {
                throw new PyValueError("Invalid name: " + Py.repr(name) + " because of character: " + Py.repr(String.valueOf(c)));
            }
        }
        return s;
    }

    static int integer(String value) {
        long v = Py.parseInt(value);
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            throw new PyValueError("value " + Py.repr(value) + " is too large");
        }
        return (int) v;
    }

    static boolean bool(String s) {
        String ss = s.toLowerCase(Locale.ROOT);
        if (TRUTHY.contains(ss)) {
            return true;
        }
        if (FALSY.contains(ss)) {
            return false;
        }
        throw new PyValueError("not a valid boolean value: " + Py.repr(s));
    }

    static List<String> listOfStrings(String arg) {
        List<String> out = new ArrayList<>();
        if (arg == null || arg.isEmpty()) {
            return out;
        }
        for (String x : arg.split(",", -1)) {
            out.add(Py.strip(x));
        }
        return out;
    }

    static List<Integer> listOfExitcodes(String arg) {
        List<Integer> vals = new ArrayList<>();
        if (arg.isEmpty()) {
            return vals;
        }
        try {
            for (String x : arg.split(",", -1)) {
                long v = Py.parseInt(x);
                if (v > 255 || v < 0) {
                    throw new PyValueError("bad");
                }
                vals.add((int) v);
            }
        } catch (PyValueError | ArithmeticException e) {
            throw new PyValueError("not a valid list of exit codes: " + Py.repr(arg));
        }
        return vals;
    }

    static int octal(String arg) {
        Long v;
        try {
            v = Py.parseIntOrNull(arg, 8);
        } catch (ArithmeticException e) {
            v = null;
        }
        if (v == null || v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            throw new PyValueError(arg + " can not be converted to an octal type");
        }
        return v.intValue();
    }

    static long byteSize(String v) {
        String s = v.toLowerCase(Locale.ROOT);
        long mult = 1;
        String num = s;
        if (s.endsWith("kb")) {
            mult = 1024;
            num = s.substring(0, s.length() - 2);
        } else if (s.endsWith("mb")) {
            mult = 1024 * 1024;
            num = s.substring(0, s.length() - 2);
        } else if (s.endsWith("gb")) {
            mult = 1024L * 1024 * 1024;
            num = s.substring(0, s.length() - 2);
        }
        try {
            return Math.multiplyExact(Py.parseInt(num), mult);
        } catch (ArithmeticException e) {
            throw new PyValueError("value " + Py.repr(v) + " is too large");
        }
    }

    /** The level for a {@code loglevel=} value. */
    static io.jsupervisor.api.config.LogLevel loggingLevel(String value) {
        String s = value.toLowerCase(Locale.ROOT);
        for (io.jsupervisor.api.config.LogLevel l : io.jsupervisor.api.config.LogLevel.values()) {
            if (l.configName().equals(s)) {
                return l;
            }
        }
        throw new PyValueError("bad logging level name " + Py.repr(value));
    }

    /** A stop signal as its canonical name without SIG (TERM, KILL...). */
    static String signalName(String value) {
        Long num = null;
        try {
            num = Py.parseIntOrNull(value, 10);
        } catch (ArithmeticException e) {
            num = null;
        }
        if (num == null) {
            String name = Py.strip(value).toUpperCase(Locale.ROOT);
            if (name.startsWith("SIG")) {
                name = name.substring(3);
            }
            Integer n = SIGNALS.get(name);
            if (n == null) {
                throw new PyValueError("value " + Py.repr(value) + " is not a valid signal name");
            }
            return SIGNAL_NAMES.get(n);
        }
        String name = num >= 0 && num < 100 ? SIGNAL_NAMES.get(num.intValue()) : null;
        if (name == null) {
            throw new PyValueError("value " + Py.repr(value) + " is not a valid signal number");
        }
        return name;
    }

    enum Restart { TRUE, FALSE, UNEXPECTED }

    static Restart autoRestart(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (TRUTHY.contains(v)) {
            return Restart.TRUE;
        }
        if (FALSY.contains(v)) {
            return Restart.FALSE;
        }
        if (v.equals("unexpected")) {
            return Restart.UNEXPECTED;
        }
        throw new PyValueError("invalid 'autorestart' value " + Py.repr(v));
    }

    /** {@code host:port}, {@code *:port}, {@code :port} or {@code port}; host "" for all interfaces. */
    static Object[] inetAddress(String s) {
        String host = "";
        int port;
        int colon = s.lastIndexOf(':');
        if (colon >= 0) {
            host = s.substring(0, colon);
            String p = s.substring(colon + 1);
            if (p.isEmpty()) {
                throw new PyValueError("no port number specified in " + Py.repr(p));
            }
            port = portNumber(p);
            host = host.toLowerCase(Locale.ROOT);
        } else {
            try {
                port = portNumber(s);
            } catch (PyValueError e) {
                throw new PyValueError("not a valid port number: " + Py.repr(s) + " ");
            }
        }
        if (host.isEmpty() || host.equals("*")) {
            host = "";
        }
        return new Object[] {host, port};
    }

    static int portNumber(String s) {
        long v = Py.parseInt(s);
        if (v < 1) {
            throw new PyValueError(v + " is below lower bound (1)");
        }
        if (v > 0xffff) {
            throw new PyValueError(v + " is above upper bound (65535)");
        }
        return (int) v;
    }

    /**
     * {@code KEY=val,KEY2="v, 2"} the way the reference splits it (a non-POSIX shlex with extra word
     * characters; every fourth token is skipped as the separator; quotes stripped from values).
     */
    static Map<String, String> keyValuePairs(String arg) {
        List<String> tokens = shlexTokens(arg);
        Map<String, String> d = new LinkedHashMap<>();
        int i = 0;
        while (i < tokens.size()) {
            if (i + 3 > tokens.size() || !tokens.get(i + 1).equals("=")) {
                throw new PyValueError("Unexpected end of key/value pairs in value '" + arg + "'");
            }
            d.put(tokens.get(i), stripQuotes(tokens.get(i + 2)));
            i += 4;
        }
        return d;
    }

    private static String stripQuotes(String s) {
        int b = 0;
        int e = s.length();
        while (b < e && (s.charAt(b) == '\'' || s.charAt(b) == '"')) {
            b++;
        }
        while (e > b && (s.charAt(e - 1) == '\'' || s.charAt(e - 1) == '"')) {
            e--;
        }
        return s.substring(b, e);
    }

    private static boolean wordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                || "/.+-():".indexOf(c) >= 0;
    }

    private static boolean shlexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /** Python's {@code list(shlex.shlex(s))} (posix=False) with supervisor's extra word characters. */
    static List<String> shlexTokens(String s) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (true) {
            StringBuilder token = new StringBuilder();
            char state = ' ';
            boolean eof = false;
            while (true) {
                if (i >= n) {
                    if (state == '\'' || state == '"') {
                        throw new PyValueError("No closing quotation");
                    }
                    eof = true;
                    break;
                }
                char c = s.charAt(i++);
                if (state == ' ') {
                    if (shlexSpace(c)) {
                        if (token.length() > 0) {
                            break;
                        }
                    } else if (c == '#') {
                        int nl = s.indexOf('\n', i);
                        i = nl < 0 ? n : nl + 1;
                    } else if (wordChar(c)) {
                        token.append(c);
                        state = 'a';
                    } else if (c == '\'' || c == '"') {
                        token.append(c);
                        state = c;
                    } else {
                        token.append(c);
                        break;
                    }
                } else if (state == '\'' || state == '"') {
                    token.append(c);
                    if (c == state) {
                        break;
                    }
                } else { // word
                    if (shlexSpace(c)) {
                        break;
                    } else if (c == '#') {
                        int nl = s.indexOf('\n', i);
                        i = nl < 0 ? n : nl + 1;
                    } else if (wordChar(c) || c == '\'' || c == '"') {
                        token.append(c);
                    } else {
                        i--; // push back
                        break;
                    }
                }
            }
            if (token.length() > 0) {
                tokens.add(token.toString());
            }
            if (eof) {
                return tokens;
            }
        }
    }

    /** The directory part of a path as Python's os.path.dirname gives it. */
    static String dirname(String p) {
        return PyPaths.dirname(p);
    }

    /** Python's posixpath.normpath. */
    static String normpath(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        int initial = path.startsWith("/") ? (path.startsWith("//") && !path.startsWith("///") ? 2 : 1) : 0;
        List<String> out = new ArrayList<>();
        for (String comp : path.split("/")) {
            if (comp.isEmpty() || comp.equals(".")) {
                continue;
            }
            if (!comp.equals("..") || (initial == 0 && out.isEmpty()) || (!out.isEmpty() && out.get(out.size() - 1).equals(".."))) {
                out.add(comp);
            } else if (!out.isEmpty()) {
                out.remove(out.size() - 1);
            }
        }
        String joined = "/".repeat(initial) + String.join("/", out);
        return joined.isEmpty() ? "." : joined;
    }
}
