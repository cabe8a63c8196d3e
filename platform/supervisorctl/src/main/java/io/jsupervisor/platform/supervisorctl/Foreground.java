package io.jsupervisor.platform.supervisorctl;

import io.jsupervisor.platform.supervisorctl.RpcClient.Fault;
import io.jsupervisor.pycompat.PyRepr;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The fg action: a process's output here, the typed lines to its stdin. */
final class Foreground extends ActionGroup {
    Foreground(Supervisorctl ctl) {
        super(ctl);
    }

    void fg(String arg) throws Fault {
        if (!ctl.upcheck()) {
            return;
        }
        List<String> names = Supervisorctl.words(arg);
        if (names.isEmpty()) {
            misused("fg", "ERROR: no process name supplied", Supervisorctl.GENERIC);
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
                out("ERROR: <Fault " + f.code + ": " + PyRepr.repr(f.string) + ">");
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
                        out("ERROR: <Fault " + f.code + ": " + PyRepr.repr(f.string) + ">");
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
