package io.jsupervisor.platform.supervisorctl;

import io.jsupervisor.platform.supervisorctl.RpcClient.Fault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The actions. Each follows the reference's output and exit status exactly. */
final class Commands {
    private final Supervisorctl ctl;

    Commands(Supervisorctl ctl) {
        this.ctl = ctl;
    }

    private void out(String s) {
        ctl.output(s);
    }

    static String namespec(Object group, Object name) {
        return String.valueOf(group).equals(String.valueOf(name)) ? String.valueOf(name) : group + ":" + name;
    }

    /** {group, process-or-null}. */
    static String[] splitNamespec(String spec) {
        int c = spec.indexOf(':');
        if (c >= 0) {
            String g = spec.substring(0, c);
            String p = spec.substring(c + 1);
            return new String[] {g, p.isEmpty() || p.equals("*") ? null : p};
        }
        return new String[] {spec, spec};
    }

    private static int code(Map<String, Object> r) {
        Object o = r.get("status");
        return o instanceof Integer i ? i : 0;
    }

    private void setExitFromFault(int code, int ignored) {
        if (code == ignored || code == Supervisorctl.SUCCESS) {
            return;
        }
        if (code == Supervisorctl.SPAWN_ERROR || code == Supervisorctl.ABNORMAL_TERMINATION
                || code == Supervisorctl.NOT_RUNNING) {
            ctl.exitstatus = Supervisorctl.LSB_NOT_RUNNING;
        } else {
            ctl.exitstatus = Supervisorctl.GENERIC;
        }
    }

    private static Map<String, Object> err(Fault f, String[] gp) {
        Map<String, Object> m = new HashMap<>();
        m.put("status", f.code);
        m.put("group", gp[0]);
        m.put("name", gp[1]);
        m.put("description", f.string);
        return m;
    }

    // ------------------------------------------------------------ help

    private static final Map<String, String> HELP = new HashMap<>();

    static {
        HELP.put("help", "help\t\tPrint a list of available actions\nhelp <action>\tPrint help for <action>");
        HELP.put("EOF", "To quit, type ^D or use the quit command");
        HELP.put("tail", "tail [-f] <name> [stdout|stderr] (default stdout)\nEx:\n"
                + "tail -f <name>\t\tFollow the process's stdout log until Ctrl-C\n"
                + "tail -100 <name>\tThe last 100 bytes of the stdout log\n"
                + "tail <name> stderr\tThe last 1600 bytes of the stderr log");
        HELP.put("maintail", "maintail -f \tFollow supervisord's own log until Ctrl-C\n"
                + "maintail -100\tThe last 100 bytes of supervisord's log\n"
                + "maintail\tThe last 1600 bytes of supervisord's log\n");
        HELP.put("quit", "quit\tLeave the shell.");
        HELP.put("exit", "exit\tLeave the shell.");
        HELP.put("status", "status <name>\t\tStatus of one process\nstatus <gname>:*\tStatus of every process "
                + "of a group\nstatus <name> <name>\tStatus of several processes\nstatus\t\t\tStatus of all");
        HELP.put("pid", "pid\t\t\tThe pid of supervisord itself.\npid <name>\t\tThe pid of one child process.\n"
                + "pid all\t\t\tThe pid of each child process, one a line.");
        HELP.put("start", "start <name>\t\tStart one process\nstart <gname>:*\t\tStart a group's processes\n"
                + "start <name> <name>\tStart several processes or groups\nstart all\t\tStart everything");
        HELP.put("stop", "stop <name>\t\tStop one process\nstop <gname>:*\t\tStop a group's processes\n"
                + "stop <name> <name>\tStop several processes or groups\nstop all\t\tStop everything");
        HELP.put("signal", "signal <signal name> <name>\t\tSend a signal to one process\n"
                + "signal <signal name> <gname>:*\t\tSend it to a group's processes\n"
                + "signal <signal name> <name> <name>\tSend it to several processes or groups\n"
                + "signal <signal name> all\t\tSend it to every process");
        HELP.put("restart", "restart <name>\t\tStop then start one process\nrestart <gname>:*\tThe same for a "
                + "group\nrestart <name> <name>\tThe same for several processes or groups\nrestart all\t\tThe same "
                + "for every process\nNote: restart keeps the loaded config; use reread and update to apply changes.");
        HELP.put("shutdown", "shutdown \tStop supervisord and everything it runs.");
        HELP.put("reload", "reload \t\tRestart supervisord (rereads its config).");
        HELP.put("avail", "avail\t\t\tList every configured process");
        HELP.put("reread", "reread \t\t\tRead the config files again; report changes, apply none");
        HELP.put("add", "add <name> [...]\tStart managing a group that reread reported as available");
        HELP.put("remove", "remove <name> [...]\tStop managing a (stopped) group");
        HELP.put("update", "update\t\t\tReread the config, then add, remove and restart groups to match\n"
                + "update all\t\tThe same as update\nupdate <gname> [...]\tOnly for the named groups");
        HELP.put("clear", "clear <name>\t\tEmpty a process's log files.\nclear <name> <name>\tThe same for several "
                + "processes\nclear all\t\tThe same for every process");
        HELP.put("open", "open <url>\tTalk to another supervisord.\n\t\t(a UNIX socket is unix:///path/to/socket)");
        HELP.put("version", "version\t\t\tThe version of the supervisord we talk to");
        HELP.put("fg", "fg <process>\tAttach to a process: its output here, your lines to its stdin\n"
                + "\t\tCtrl-C to detach");
    }

    void help(String arg) {
        String a = arg.strip();
        if (a.equals("help")) {
            out(HELP.get("help"));
            return;
        }
        if (!a.isEmpty()) {
            String h = HELP.get(a);
            if (h == null || a.equals("EOF")) {
                out("*** No help on " + a);
            } else {
                out(h);
            }
            return;
        }
        out("");
        String header = "default commands (type help <topic>):";
        StringBuilder b = new StringBuilder(header).append('\n').append("=".repeat(header.length())).append('\n');
        columnize(b, Supervisorctl.ACTIONS, 79);
        b.append('\n');
        ctl.write(b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Python's cmd.Cmd.columnize. */
    static void columnize(StringBuilder b, List<String> list, int displaywidth) {
        int size = list.size();
        if (size == 1) {
            b.append(list.get(0)).append('\n');
            return;
        }
        int nrows = size;
        int ncols = 1;
        List<Integer> colwidths = List.of(0);
        boolean found = false;
        for (int nr = 1; nr < size; nr++) {
            int nc = (size + nr - 1) / nr;
            List<Integer> cw = new ArrayList<>();
            int tot = -2;
            for (int col = 0; col < nc; col++) {
                int w = 0;
                for (int row = 0; row < nr; row++) {
                    int i = row + nr * col;
                    if (i >= size) {
                        break;
                    }
                    w = Math.max(w, list.get(i).length());
                }
                cw.add(w);
                tot += w + 2;
                if (tot > displaywidth) {
                    break;
                }
            }
            if (tot <= displaywidth) {
                nrows = nr;
                ncols = nc;
                colwidths = cw;
                found = true;
                break;
            }
        }
        if (!found) {
            nrows = size;
            ncols = 1;
            colwidths = List.of(0);
        }
        for (int row = 0; row < nrows; row++) {
            List<String> texts = new ArrayList<>();
            for (int col = 0; col < ncols; col++) {
                int i = row + nrows * col;
                texts.add(i < size ? list.get(i) : "");
            }
            while (!texts.isEmpty() && texts.get(texts.size() - 1).isEmpty()) {
                texts.remove(texts.size() - 1);
            }
            for (int col = 0; col < texts.size(); col++) {
                String t = texts.get(col);
                int w = colwidths.get(Math.min(col, colwidths.size() - 1));
                texts.set(col, t.length() < w ? t + " ".repeat(w - t.length()) : t);
            }
            b.append(String.join("  ", texts)).append('\n');
        }
    }

    private void helpFor(String action) {
        out(HELP.get(action));
    }

    // ------------------------------------------------------------ status, pid

    void status(String arg) throws Fault {
        if (!ctl.upcheck()) {
            ctl.exitstatus = Supervisorctl.STATUS_UNKNOWN;
            return;
        }
        List<Map<String, Object>> all = ctl.callList("supervisor.getAllProcessInfo");
        List<String> names = Supervisorctl.words(arg);
        List<Map<String, Object>> matching;
        if (names.isEmpty() || names.contains("all")) {
            matching = all;
        } else {
            matching = new ArrayList<>();
            for (String name : names) {
                boolean bad = true;
                String[] gp = splitNamespec(name);
                for (Map<String, Object> info : all) {
                    boolean m = gp[0].equals(info.get("group"));
                    if (gp[1] != null) {
                        m = m && gp[1].equals(info.get("name"));
                    }
                    if (m) {
                        bad = false;
                        matching.add(info);
                    }
                }
                if (bad) {
                    out(gp[1] == null ? gp[0] + ": ERROR (no such group)" : name + ": ERROR (no such process)");
                    ctl.exitstatus = Supervisorctl.STATUS_UNKNOWN;
                }
            }
        }
        int maxlen = 30;
        List<String> specs = new ArrayList<>();
        for (Map<String, Object> info : matching) {
            String s = namespec(info.get("group"), info.get("name"));
            specs.add(s);
            maxlen = Math.max(maxlen, s.length());
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < matching.size(); i++) {
            Map<String, Object> info = matching.get(i);
            b.append(pad(specs.get(i), maxlen + 3)).append(pad(String.valueOf(info.get("statename")), 10))
                    .append(info.get("description")).append('\n');
        }
        ctl.write(b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (Map<String, Object> info : matching) {
            Object st = info.get("state");
            if (st instanceof Integer s && (s == 0 || s == 100 || s == 200 || s == 1000)) {
                ctl.exitstatus = Supervisorctl.STATUS_NOT_RUNNING;
            }
        }
    }

    static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }

    void pid(String arg) throws Fault {
        if (!ctl.upcheck()) {
            return;
        }
        List<String> names = Supervisorctl.words(arg);
        if (names.isEmpty()) {
            out(String.valueOf(ctl.call("supervisor.getPID")));
        } else if (names.contains("all")) {
            for (Map<String, Object> info : ctl.callList("supervisor.getAllProcessInfo")) {
                out(String.valueOf(info.get("pid")));
            }
        } else {
            for (String name : names) {
                try {
                    Map<String, Object> info = ctl.callMap("supervisor.getProcessInfo", name);
                    Object pid = info.get("pid");
                    out(String.valueOf(pid));
                    if (Integer.valueOf(0).equals(pid)) {
                        ctl.exitstatus = Supervisorctl.LSB_NOT_RUNNING;
                    }
                } catch (Fault f) {
                    ctl.exitstatus = Supervisorctl.GENERIC;
                    if (f.code == Supervisorctl.BAD_NAME) {
                        out("No such process " + name);
                    } else {
                        throw f;
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------ start, stop, signal, restart

    private String startResult(Map<String, Object> r) {
        String name = namespec(r.get("group"), r.get("name"));
        int c = code(r);
        String t = name + ": ERROR (%s)";
        return switch (c) {
            case Supervisorctl.BAD_NAME -> t.formatted("no such process");
            case Supervisorctl.NO_FILE -> t.formatted("no such file");
            case Supervisorctl.NOT_EXECUTABLE -> t.formatted("file is not executable");
            case Supervisorctl.ALREADY_STARTED -> t.formatted("already started");
            case Supervisorctl.SPAWN_ERROR -> t.formatted("spawn error");
            case Supervisorctl.ABNORMAL_TERMINATION -> t.formatted("abnormal termination");
            case Supervisorctl.SUCCESS -> name + ": started";
            default -> throw new IllegalStateException("Unknown result code " + c + " for " + name);
        };
    }

    private String signalResult(Map<String, Object> r, String success) {
        String name = namespec(r.get("group"), r.get("name"));
        int c = code(r);
        String t = name + ": ERROR (%s)";
        return switch (c) {
            case Supervisorctl.BAD_NAME -> t.formatted("no such process");
            case Supervisorctl.BAD_SIGNAL -> t.formatted("bad signal name");
            case Supervisorctl.NOT_RUNNING -> t.formatted("not running");
            case Supervisorctl.SUCCESS -> name + ": " + success;
            case Supervisorctl.FAILED -> String.valueOf(r.get("description"));
            default -> throw new IllegalStateException("Unknown result code " + c + " for " + name);
        };
    }

    void start(String arg) throws Fault {
        if (!ctl.upcheck()) {
            return;
        }
        List<String> names = Supervisorctl.words(arg);
        if (names.isEmpty()) {
            out("Error: start requires a process name");
            ctl.exitstatus = Supervisorctl.INVALID_ARGS;
            helpFor("start");
            return;
        }
        if (names.contains("all")) {
            for (Map<String, Object> r : ctl.callList("supervisor.startAllProcesses")) {
                out(startResult(r));
                setExitFromFault(code(r), Supervisorctl.ALREADY_STARTED);
            }
            return;
        }
        for (String name : names) {
            String[] gp = splitNamespec(name);
            if (gp[1] == null) {
                try {
                    for (Map<String, Object> r : ctl.callList("supervisor.startProcessGroup", gp[0])) {
                        out(startResult(r));
                        setExitFromFault(code(r), Supervisorctl.ALREADY_STARTED);
                    }
                } catch (Fault f) {
                    if (f.code == Supervisorctl.BAD_NAME) {
                        out(gp[0] + ": ERROR (no such group)");
                        ctl.exitstatus = Supervisorctl.INVALID_ARGS;
                    } else {
                        ctl.exitstatus = Supervisorctl.GENERIC;
                        throw f;
                    }
                }
            } else {
                try {
                    ctl.call("supervisor.startProcess", name);
                    out(namespec(gp[0], gp[1]) + ": started");
                } catch (Fault f) {
                    out(startResult(err(f, gp)));
                    setExitFromFault(f.code, Supervisorctl.ALREADY_STARTED);
                }
            }
        }
    }

    void stop(String arg) throws Fault {
        if (!ctl.upcheck()) {
            return;
        }
        List<String> names = Supervisorctl.words(arg);
        if (names.isEmpty()) {
            out("Error: stop requires a process name");
            ctl.exitstatus = Supervisorctl.GENERIC;
            helpFor("stop");
            return;
        }
        if (names.contains("all")) {
            for (Map<String, Object> r : ctl.callList("supervisor.stopAllProcesses")) {
                out(signalResult(r, "stopped"));
                setExitFromFault(code(r), Supervisorctl.NOT_RUNNING);
            }
            return;
        }
        for (String name : names) {
            String[] gp = splitNamespec(name);
            if (gp[1] == null) {
                try {
                    for (Map<String, Object> r : ctl.callList("supervisor.stopProcessGroup", gp[0])) {
                        out(signalResult(r, "stopped"));
                        setExitFromFault(code(r), Supervisorctl.NOT_RUNNING);
                    }
                } catch (Fault f) {
                    ctl.exitstatus = Supervisorctl.GENERIC;
                    if (f.code == Supervisorctl.BAD_NAME) {
                        out(gp[0] + ": ERROR (no such group)");
                    } else {
                        throw f;
                    }
                }
            } else {
                try {
                    ctl.call("supervisor.stopProcess", name);
                    out(namespec(gp[0], gp[1]) + ": stopped");
                } catch (Fault f) {
                    out(signalResult(err(f, gp), "stopped"));
                    setExitFromFault(f.code, Supervisorctl.NOT_RUNNING);
                }
            }
        }
    }

    void signal(String arg) throws Fault {
        if (!ctl.upcheck()) {
            return;
        }
        List<String> args = Supervisorctl.words(arg);
        if (args.size() < 2) {
            out("Error: signal requires a signal name and a process name");
            helpFor("signal");
            ctl.exitstatus = Supervisorctl.GENERIC;
            return;
        }
        String sig = args.get(0);
        List<String> names = args.subList(1, args.size());
        if (names.contains("all")) {
            for (Map<String, Object> r : ctl.callList("supervisor.signalAllProcesses", sig)) {
                out(signalResult(r, "signalled"));
                setExitFromFault(code(r), -1);
            }
            return;
        }
        for (String name : names) {
            String[] gp = splitNamespec(name);
            if (gp[1] == null) {
                try {
                    for (Map<String, Object> r : ctl.callList("supervisor.signalProcessGroup", gp[0], sig)) {
                        out(signalResult(r, "signalled"));
                        setExitFromFault(code(r), -1);
                    }
                } catch (Fault f) {
                    if (f.code == Supervisorctl.BAD_NAME) {
                        out(gp[0] + ": ERROR (no such group)");
                        ctl.exitstatus = Supervisorctl.GENERIC;
                    } else {
                        throw f;
                    }
                }
            } else {
                try {
                    ctl.call("supervisor.signalProcess", name, sig);
                    out(namespec(gp[0], gp[1]) + ": signalled");
                } catch (Fault f) {
                    out(signalResult(err(f, gp), "signalled"));
                    setExitFromFault(f.code, -1);
                }
            }
        }
    }

    void restart(String arg) throws Fault {
        if (!ctl.upcheck()) {
            return;
        }
        if (Supervisorctl.words(arg).isEmpty()) {
            out("Error: restart requires a process name");
            ctl.exitstatus = Supervisorctl.GENERIC;
            helpFor("restart");
            return;
        }
        stop(arg);
        start(arg);
    }

    // ------------------------------------------------------------ tail

    void tail(String arg) throws Fault {
        if (!ctl.upcheck()) {
            return;
        }
        List<String> args = Supervisorctl.words(arg);
        if (args.isEmpty()) {
            out("Error: too few arguments");
            ctl.exitstatus = Supervisorctl.GENERIC;
            helpFor("tail");
            return;
        }
        if (args.size() > 3) {
            out("Error: too many arguments");
            ctl.exitstatus = Supervisorctl.GENERIC;
            helpFor("tail");
            return;
        }
        String modifier = null;
        if (args.get(0).startsWith("-")) {
            modifier = args.remove(0);
        }
        String name;
        String channel;
        if (args.size() == 1) {
            name = args.get(0);
            channel = "stdout";
        } else if (!args.isEmpty()) {
            name = args.get(0);
            channel = args.get(args.size() - 1).toLowerCase();
            if (!channel.equals("stderr") && !channel.equals("stdout")) {
                out("Error: bad channel " + CtlConfig.pyRepr(channel));
                ctl.exitstatus = Supervisorctl.GENERIC;
                return;
            }
        } else {
            out("Error: tail requires process name");
            ctl.exitstatus = Supervisorctl.GENERIC;
            return;
        }
        Integer bytes = 1600;
        if (modifier != null) {
            String what = modifier.substring(1);
            if (what.equals("f")) {
                bytes = null;
            } else {
                try {
                    bytes = Integer.parseInt(what.strip());
                } catch (NumberFormatException e) {
                    out("Error: bad argument " + modifier);
                    ctl.exitstatus = Supervisorctl.GENERIC;
                    return;
                }
            }
        }
        if (bytes == null) {
            tailf("/logtail/" + name + "/" + channel);
            return;
        }
        try {
            Object o = ctl.call(channel.equals("stdout") ? "supervisor.readProcessStdoutLog"
                    : "supervisor.readProcessStderrLog", name, -bytes, 0);
            out(String.valueOf(o));
        } catch (Fault f) {
            ctl.exitstatus = Supervisorctl.GENERIC;
            switch (f.code) {
                case Supervisorctl.NO_FILE -> out(name + ": ERROR (no log file)");
                case Supervisorctl.FAILED -> out(name + ": ERROR (unknown error reading log)");
                case Supervisorctl.BAD_NAME -> out(name + ": ERROR (no such process name)");
                default -> throw f;
            }
        }
    }

    /** Streams an HTTP tail to stdout as raw bytes until the server ends it or Ctrl-C. */
    void tailf(String path) {
        out("==> Press Ctrl-C to exit <==");
        ctl.flush();
        stream(path, true);
    }

    private void stream(String path, boolean newlineOnInterrupt) {
        RpcClient c = ctl.rpc();
        RpcClient.Conn conn;
        try {
            conn = c.connect();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread me = Thread.currentThread();
        final boolean[] interrupted = {false};
        ctl.interrupter = () -> {
            interrupted[0] = true;
            conn.close();
        };
        try {
            RpcClient.Response r = c.get(conn, path);
            byte[] buf = new byte[8192];
            int n;
            while ((n = r.read(buf)) >= 0) {
                ctl.write(java.util.Arrays.copyOf(buf, n));
                ctl.flush();
            }
        } catch (IOException e) {
            // connection ended (or closed by Ctrl-C)
        } finally {
            ctl.interrupter = null;
            conn.close();
        }
        if (interrupted[0] && newlineOnInterrupt) {
            out("");
        }
    }

    void maintail(String arg) throws Fault {
        if (!ctl.upcheck()) {
            return;
        }
        List<String> args = Supervisorctl.words(arg);
        int bytes = 1600;
        if (args.size() > 1) {
            out("Error: too many arguments");
            ctl.exitstatus = Supervisorctl.GENERIC;
            helpFor("maintail");
            return;
        } else if (args.size() == 1) {
            String a = args.get(0);
            if (a.startsWith("-")) {
                String what = a.substring(1);
                if (what.equals("f")) {
                    tailf("/mainlogtail");
                    return;
                }
                try {
                    bytes = Integer.parseInt(what.strip());
                } catch (NumberFormatException e) {
                    out("Error: bad argument " + a);
                    ctl.exitstatus = Supervisorctl.GENERIC;
                    return;
                }
            } else {
                out("Error: bad argument " + a);
                ctl.exitstatus = Supervisorctl.GENERIC;
                return;
            }
        }
        try {
            out(String.valueOf(ctl.call("supervisor.readLog", -bytes, 0)));
        } catch (Fault f) {
            ctl.exitstatus = Supervisorctl.GENERIC;
            switch (f.code) {
                case Supervisorctl.NO_FILE -> out("supervisord: ERROR (no log file)");
                case Supervisorctl.FAILED -> out("supervisord: ERROR (unknown error reading log)");
                default -> throw f;
            }
        }
    }

    // ------------------------------------------------------------ clear

    private String clearResult(Map<String, Object> r) {
        String name = namespec(r.get("group"), r.get("name"));
        return switch (code(r)) {
            case Supervisorctl.BAD_NAME -> name + ": ERROR (no such process)";
            case Supervisorctl.FAILED -> name + ": ERROR (failed)";
            case Supervisorctl.SUCCESS -> name + ": cleared";
            default -> throw new IllegalStateException("Unknown result code " + code(r) + " for " + name);
        };
    }

    void clear(String arg) throws Fault {
        if (!ctl.upcheck()) {
            return;
        }
        List<String> names = Supervisorctl.words(arg);
        if (names.isEmpty()) {
            out("Error: clear requires a process name");
            ctl.exitstatus = Supervisorctl.GENERIC;
            helpFor("clear");
            return;
        }
        if (names.contains("all")) {
            for (Map<String, Object> r : ctl.callList("supervisor.clearAllProcessLogs")) {
                out(clearResult(r));
                setExitFromFault(code(r), -1);
            }
            return;
        }
        for (String name : names) {
            String[] gp = splitNamespec(name);
            try {
                ctl.call("supervisor.clearProcessLogs", name);
                out(namespec(gp[0], gp[1]) + ": cleared");
            } catch (Fault f) {
                out(clearResult(err(f, gp)));
                setExitFromFault(f.code, -1);
            }
        }
    }

    // ------------------------------------------------------------ config actions

    void avail(String arg) throws Fault {
        if (!arg.isEmpty()) {
            out("Error: avail accepts no arguments");
            ctl.exitstatus = Supervisorctl.GENERIC;
            helpFor("avail");
            return;
        }
        try {
            for (Map<String, Object> ci : ctl.callList("supervisor.getAllConfigInfo")) {
                String name = namespec(ci.get("group"), ci.get("name"));
                String inuse = Boolean.TRUE.equals(ci.get("inuse")) ? "in use" : "avail";
                String auto = Boolean.TRUE.equals(ci.get("autostart")) ? "auto" : "manual";
                out(pad(name, 32) + " " + pad(inuse, 9) + " " + pad(auto, 9) + " " + ci.get("group_prio") + ":"
                        + ci.get("process_prio"));
            }
        } catch (Fault f) {
            ctl.exitstatus = Supervisorctl.GENERIC;
            if (f.code == Supervisorctl.SHUTDOWN_STATE) {
                out("ERROR: supervisor shutting down");
            } else {
                throw f;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private List<List<String>> reloadConfig() throws Fault {
        List<Object> result = (List<Object>) ctl.call("supervisor.reloadConfig");
        return (List<List<String>>) result.get(0);
    }

    void reread(String arg) throws Fault {
        if (!arg.isEmpty()) {
            out("Error: reread accepts no arguments");
            ctl.exitstatus = Supervisorctl.GENERIC;
            helpFor("reread");
            return;
        }
        List<List<String>> acd;
        try {
            acd = reloadConfig();
        } catch (Fault f) {
            ctl.exitstatus = Supervisorctl.GENERIC;
            if (f.code == Supervisorctl.SHUTDOWN_STATE) {
                out("ERROR: supervisor shutting down");
            } else if (f.code == Supervisorctl.CANT_REREAD) {
                out("ERROR: " + f.string);
            } else {
                throw f;
            }
            return;
        }
        Map<String, String> changes = new TreeMap<>();
        String[] kinds = {"available", "changed", "disappeared"};
        for (int i = 0; i < 3; i++) {
            for (Object n : acd.get(i)) {
                changes.put(String.valueOf(n), kinds[i]);
            }
        }
        if (changes.isEmpty()) {
            out("No config updates to processes");
        } else {
            changes.forEach((k, v) -> out(k + ": " + v));
        }
    }

    void add(String arg) throws Fault {
        for (String name : Supervisorctl.split(arg)) {
            try {
                ctl.call("supervisor.addProcessGroup", name);
                out(name + ": added process group");
            } catch (Fault f) {
                if (f.code == Supervisorctl.SHUTDOWN_STATE) {
                    out("ERROR: shutting down");
                    ctl.exitstatus = Supervisorctl.GENERIC;
                } else if (f.code == Supervisorctl.ALREADY_ADDED) {
                    out("ERROR: process group already active");
                } else if (f.code == Supervisorctl.BAD_NAME) {
                    out("ERROR: no such process/group: " + name);
                    ctl.exitstatus = Supervisorctl.GENERIC;
                } else {
                    ctl.exitstatus = Supervisorctl.GENERIC;
                    throw f;
                }
            }
        }
    }

    void remove(String arg) throws Fault {
        for (String name : Supervisorctl.split(arg)) {
            try {
                ctl.call("supervisor.removeProcessGroup", name);
                out(name + ": removed process group");
            } catch (Fault f) {
                ctl.exitstatus = Supervisorctl.GENERIC;
                if (f.code == Supervisorctl.STILL_RUNNING) {
                    out("ERROR: process/group still running: " + name);
                } else if (f.code == Supervisorctl.BAD_NAME) {
                    out("ERROR: no such process/group: " + name);
                } else {
                    throw f;
                }
            }
        }
    }

    void update(String arg) throws Fault {
        List<List<String>> acd;
        try {
            acd = reloadConfig();
        } catch (Fault f) {
            ctl.exitstatus = Supervisorctl.GENERIC;
            if (f.code == Supervisorctl.SHUTDOWN_STATE) {
                out("ERROR: already shutting down");
                return;
            }
            throw f;
        }
        List<String> added = acd.get(0);
        List<String> changed = acd.get(1);
        List<String> removed = acd.get(2);
        Set<String> valid = new LinkedHashSet<>(Supervisorctl.words(arg));
        if (valid.contains("all")) {
            valid.clear();
        }
        if (!valid.isEmpty()) {
            Set<String> groups = new LinkedHashSet<>();
            for (Map<String, Object> info : ctl.callList("supervisor.getAllProcessInfo")) {
                groups.add(String.valueOf(info.get("group")));
            }
            groups.addAll(added);
            for (String g : valid) {
                if (!groups.contains(g)) {
                    out("ERROR: no such group: " + g);
                    ctl.exitstatus = Supervisorctl.GENERIC;
                }
            }
        }
        for (String g : removed) {
            if (!valid.isEmpty() && !valid.contains(g)) {
                continue;
            }
            List<Map<String, Object>> results = ctl.callList("supervisor.stopProcessGroup", g);
            out(g + ": stopped");
            boolean fails = results.stream().anyMatch(r -> code(r) == Supervisorctl.FAILED);
            if (fails) {
                out(g + ": has problems; not removing");
                ctl.exitstatus = Supervisorctl.GENERIC;
                continue;
            }
            ctl.call("supervisor.removeProcessGroup", g);
            out(g + ": removed process group");
        }
        for (String g : changed) {
            if (!valid.isEmpty() && !valid.contains(g)) {
                continue;
            }
            ctl.call("supervisor.stopProcessGroup", g);
            out(g + ": stopped");
            ctl.call("supervisor.removeProcessGroup", g);
            ctl.call("supervisor.addProcessGroup", g);
            out(g + ": updated process group");
        }
        for (String g : added) {
            if (!valid.isEmpty() && !valid.contains(g)) {
                continue;
            }
            ctl.call("supervisor.addProcessGroup", g);
            out(g + ": added process group");
        }
    }

    // ------------------------------------------------------------ daemon control

    private boolean confirm(String question) {
        if (!ctl.interactive) {
            return true;
        }
        try {
            String a = Shell.ask(ctl, question);
            return a != null && a.toLowerCase().startsWith("y");
        } catch (IOException e) {
            return false;
        }
    }

    void shutdown(String arg) throws Fault {
        if (!arg.isEmpty()) {
            out("Error: shutdown accepts no arguments");
            ctl.exitstatus = Supervisorctl.GENERIC;
            helpFor("shutdown");
            return;
        }
        if (!confirm("Really shut the remote supervisord process down y/N? ")) {
            return;
        }
        try {
            ctl.rpc().call("supervisor.shutdown");
            out("Shut down");
        } catch (Fault f) {
            if (f.code == Supervisorctl.SHUTDOWN_STATE) {
                out("ERROR: already shutting down");
            } else {
                ctl.exitstatus = Supervisorctl.GENERIC;
                throw f;
            }
        } catch (RpcClient.ConnectError e) {
            ctl.exitstatus = Supervisorctl.GENERIC;
            if (e.kind.equals("ECONNREFUSED")) {
                out("ERROR: " + ctl.serverurl + " refused connection (already shut down?)");
            } else if (e.kind.equals("ENOENT")) {
                out("ERROR: " + ctl.serverurl + " no such file (already shut down?)");
            } else {
                throw new UncheckedIOException(e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void reload(String arg) throws Fault {
        if (!arg.isEmpty()) {
            out("Error: reload accepts no arguments");
            ctl.exitstatus = Supervisorctl.GENERIC;
            helpFor("reload");
            return;
        }
        if (!confirm("Really restart the remote supervisord process y/N? ")) {
            return;
        }
        try {
            ctl.call("supervisor.restart");
            out("Restarted supervisord");
        } catch (Fault f) {
            ctl.exitstatus = Supervisorctl.GENERIC;
            if (f.code == Supervisorctl.SHUTDOWN_STATE) {
                out("ERROR: already shutting down");
            } else {
                throw f;
            }
        }
    }

    void open(String arg) throws Fault {
        String url = arg.strip();
        int colon = url.indexOf(':');
        String scheme = colon > 0 ? url.substring(0, colon).toLowerCase() : "";
        if (!scheme.equals("unix") && !scheme.equals("http")) {
            out("ERROR: url must be http:// or unix://");
            ctl.exitstatus = Supervisorctl.GENERIC;
            return;
        }
        ctl.serverurl = url;
        int old = ctl.exitstatus;
        status("");
        ctl.exitstatus = old;
    }

    void version(String arg) throws Fault {
        if (!arg.isEmpty()) {
            out("Error: version accepts no arguments");
            ctl.exitstatus = Supervisorctl.GENERIC;
            helpFor("version");
            return;
        }
        if (!ctl.upcheck()) {
            return;
        }
        out(String.valueOf(ctl.call("supervisor.getSupervisorVersion")));
    }

    // ------------------------------------------------------------ fg

    void fg(String arg) throws Fault {
        if (!ctl.upcheck()) {
            return;
        }
        List<String> names = Supervisorctl.words(arg);
        if (names.isEmpty()) {
            out("ERROR: no process name supplied");
            ctl.exitstatus = Supervisorctl.GENERIC;
            helpFor("fg");
            return;
        }
        if (names.size() > 1) {
            out("ERROR: too many process names supplied");
            ctl.exitstatus = Supervisorctl.GENERIC;
            return;
        }
        String name = names.get(0);
        Map<String, Object> info;
        try {
            info = ctl.callMap("supervisor.getProcessInfo", name);
        } catch (Fault f) {
            if (f.code == Supervisorctl.BAD_NAME) {
                out("ERROR: bad process name supplied");
                ctl.exitstatus = Supervisorctl.GENERIC;
            } else {
                out("ERROR: <Fault " + f.code + ": " + CtlConfig.pyRepr(f.string) + ">");
            }
            return;
        }
        if (!Integer.valueOf(20).equals(info.get("state"))) {
            out("ERROR: process not running");
            ctl.exitstatus = Supervisorctl.GENERIC;
            return;
        }
        out("==> Press Ctrl-C to exit <==");
        ctl.flush();
        List<RpcClient.Conn> conns = new ArrayList<>();
        for (String channel : List.of("stdout", "stderr")) {
            Thread t = new Thread(() -> {
                RpcClient c = ctl.rpc();
                try (RpcClient.Conn conn = c.connect()) {
                    synchronized (conns) {
                        conns.add(conn);
                    }
                    RpcClient.Response r = c.get(conn, "/logtail/" + name + "/" + channel);
                    byte[] buf = new byte[8192];
                    int n;
                    while ((n = r.read(buf)) >= 0) {
                        synchronized (ctl) {
                            ctl.write(java.util.Arrays.copyOf(buf, n));
                            ctl.flush();
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // ended
                }
            }, "fg-" + channel);
            t.setDaemon(true);
            t.start();
        }
        Runnable stopAll = () -> {
            synchronized (conns) {
                conns.forEach(RpcClient.Conn::close);
            }
        };
        Supervisorctl.LineInput lines = ctl.lines;
        java.util.concurrent.atomic.AtomicBoolean detached = new java.util.concurrent.atomic.AtomicBoolean();
        ctl.interrupter = () -> {
            // Ctrl-C between two lines (not while the shell's reader waits): seen before the next read
            detached.set(true);
            stopAll.run();
            if (lines == null) {
                // plain stdin cannot be interrupted: say so and end, as the one-shot reference does
                synchronized (ctl) {
                    ctl.output("Exiting foreground");
                    ctl.flush();
                }
                Runtime.getRuntime().halt(0);
            }
        };
        try {
            while (true) {
                String line;
                try {
                    line = detached.get() ? null : lines != null ? lines.readLine("") : ctl.stdin().readLine();
                } catch (java.io.InterruptedIOException e) {
                    line = null;
                }
                if (line == null) {
                    out("Exiting foreground");
                    break;
                }
                try {
                    ctl.call("supervisor.sendProcessStdin", name, line + "\n");
                } catch (Fault f) {
                    if (f.code == Supervisorctl.NOT_RUNNING) {
                        out("Process got killed");
                    } else {
                        out("ERROR: <Fault " + f.code + ": " + CtlConfig.pyRepr(f.string) + ">");
                    }
                    out("Exiting foreground");
                    break;
                }
                Map<String, Object> now = ctl.callMap("supervisor.getProcessInfo", name);
                if (!Integer.valueOf(20).equals(now.get("state"))) {
                    out("Process got killed");
                    out("Exiting foreground");
                    break;
                }
            }
        } catch (IOException e) {
            out("Exiting foreground");
        } finally {
            ctl.interrupter = null;
            stopAll.run();
        }
    }
}
