package io.jsupervisor.platform.supervisorctl;

import io.jsupervisor.platform.supervisorctl.RpcClient.Fault;
import io.jsupervisor.pycompat.PyRepr;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** The tail and maintail actions: a log's end once, or followed until Ctrl-C. */
final class LogTail extends ActionGroup {
    LogTail(Supervisorctl ctl) {
        super(ctl);
    }

    void tail(String arg) throws Fault {
        if (!ctl.upcheck()) {
            return;
        }
        List<String> args = Supervisorctl.words(arg);
        if (args.isEmpty()) {
            misused("tail", "Error: too few arguments", Supervisorctl.GENERIC);
            return;
        }
        if (args.size() > 3) {
            misused("tail", "Error: too many arguments", Supervisorctl.GENERIC);
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
                out("Error: bad channel " + PyRepr.repr(channel));
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
            misused("maintail", "Error: too many arguments", Supervisorctl.GENERIC);
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
}
