package io.jsupervisor.distribution;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jsupervisor.distribution.SideBySide.Daemon;
import io.jsupervisor.distribution.SideBySide.Result;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3, "Tests that must exist" item 1: the real {@code /usr/bin/supervisorctl} drives the
 * reference supervisord and ours, on identical configs in one test run, over the UNIX socket and
 * over TCP with Basic auth. Every command's normalised stdout, stderr and exit code must be the
 * same for both daemons.
 */
class SideBySideCtlIT {
    static final String PROGRAMS = SideBySide.SERVERS
            + "[program:cat]\n"
            + "command=/bin/cat\n"
            + "startsecs=0\n"
            + "stdout_logfile=${DIR}/cat.out\n"
            + "\n"
            + "[program:child]\n"
            + "command=/usr/bin/python3 -u ${PY}/sbs_child.py child\n"
            + "startsecs=0\n"
            + "stdout_logfile=${DIR}/child.out\n"
            + "stderr_logfile=${DIR}/child.err\n"
            + "\n"
            + "[program:extra]\n"
            + "command=/bin/sleep 1000\n"
            + "autostart=false\n"
            + "\n"
            + "[program:g1]\n"
            + "command=/usr/bin/python3 -u ${PY}/sbs_child.py g1\n"
            + "startsecs=0\n"
            + "priority=10\n"
            + "\n"
            + "[program:g2]\n"
            + "command=/usr/bin/python3 -u ${PY}/sbs_child.py g2\n"
            + "startsecs=0\n"
            + "priority=20\n"
            + "\n"
            + "[group:grp]\n"
            + "programs=g1,g2\n"
            + "\n";

    static final List<String> RUNNING = List.of("cat", "child", "grp:g1", "grp:g2");

    @TempDir
    Path tmp;

    @Test
    void supervisorctlOverUnixSocket() throws Exception {
        compare(false);
    }

    @Test
    void supervisorctlOverTcpWithAuth() throws Exception {
        compare(true);
    }

    private void compare(boolean tcp) throws Exception {
        assumeTrue(SideBySide.referenceInstalled(), "the reference supervisor is not installed");
        try (SideBySide pair = new SideBySide(tmp, PROGRAMS)) {
            pair.start();
            Session ref = new Session(pair.ref, tcp);
            Session ours = new Session(pair.ours, tcp);
            // the same script against each daemon, one after the other
            for (Session s : List.of(ref, ours)) {
                script(s);
            }
            SideBySideRpcIT.keep("ctl-" + (tcp ? "tcp" : "unix"), String.join("\n", ref.transcript),
                    String.join("\n", ours.transcript));
            boolean refEnded = SideBySide.awaitExit(pair.ref, 30);
            boolean oursEnded = SideBySide.awaitExit(pair.ours, 30);
            assertAll(
                    () -> SideBySideRpcIT.assertSameLines(completionOrderSorted(ref.transcript),
                            completionOrderSorted(ours.transcript)),
                    () -> assertTrue(refEnded, "reference still running after supervisorctl shutdown"),
                    () -> assertTrue(oursEnded, "ours still running after supervisorctl shutdown"));
        }
    }

    private static void script(Session s) throws Exception {
        s.awaitRunning();
        s.ctl("status");
        s.ctl("status", "cat");
        s.ctl("status", "grp:*");
        s.ctl("status", "cat", "child");
        s.ctl("status", "nosuch");
        s.ctl("status", "cat", "nosuch");
        s.ctl("status", "grp:nosuch");
        s.ctl("stop", "cat");
        s.ctl("status");
        s.ctl("stop", "cat");
        s.ctl("start", "cat");
        s.ctl("start", "cat");
        s.ctl("restart", "cat");
        s.ctl("start", "nosuch");
        s.ctl("stop", "grp:*");
        s.ctl("status", "grp:*");
        s.ctl("start", "grp:*");
        s.ctl("restart", "grp:*");
        s.ctl("stop", "all");
        s.ctl("status");
        s.ctl("start", "all");
        s.ctl("status");
        s.ctl("restart", "all");
        s.ctl("stop", "extra");
        s.awaitRunning();
        s.ctl("pid");
        s.ctl("pid", "cat");
        s.ctl("pid", "all");
        s.ctl("pid", "nosuch");
        s.ctl("signal", "HUP", "child");
        s.awaitLog("child", "child got SIGHUP");
        s.ctl("signal", "USR1", "grp:*");
        s.ctl("signal", "BAD", "child");
        s.ctl("signal", "HUP", "nosuch");
        s.ctl("signal", "HUP");
        s.awaitLog("grp:g1", "g1 got SIGUSR1");
        s.ctl("tail", "child");
        s.ctl("tail", "-100", "child");
        s.ctl("tail", "-5", "child");
        s.ctl("tail", "child", "stderr");
        s.ctl("tail", "grp:g1");
        s.ctl("tail", "nosuch");
        s.ctl("tail", "child", "nosuchchannel");
        s.tailF("child");
        s.maintail();
        s.ctl("clear", "child");
        s.ctl("tail", "child");
        s.ctl("clear", "nosuch");
        s.ctl("clear", "all");
        s.ctl("avail");
        s.ctl("reread");
        // edit the config: add a program, change g2, remove extra
        String conf = Files.readString(s.d.conf);
        conf = conf.replace("[program:extra]\ncommand=/bin/sleep 1000\nautostart=false\n", "")
                .replace("sbs_child.py g2", "sbs_child.py g2 changed")
                + "\n[program:added]\ncommand=/usr/bin/python3 -u " + SideBySide.PYDIR + "/sbs_child.py added\n"
                + "startsecs=0\n";
        Files.writeString(s.d.conf, conf);
        s.ctl("reread");
        s.ctl("avail");
        s.ctl("add", "added");
        s.ctl("add", "added");
        s.ctl("add", "nosuch");
        s.ctl("remove", "extra");
        s.ctl("remove", "extra");
        s.ctl("update");
        s.awaitRunning("added");
        s.ctl("status");
        s.ctl("update");
        s.ctl("version");
        s.fg("cat");
        s.ctl("fg", "nosuch");
        s.ctl("reload");
        s.awaitRunning();
        s.awaitRunning("added");
        s.ctl("status");
        s.ctl("shutdown");
    }

    /**
     * The transcript with each run of consecutive {@code name: stopped} (or {@code name: started})
     * lines sorted. {@code stop all}, {@code restart grp:*} and the like print one line per
     * process as each one finishes, so their order follows which child exits first after
     * SIGTERM; it differs between two runs of the reference itself. Which lines appear, and every
     * other line's place, still has to match.
     */
    static String completionOrderSorted(List<String> transcript) {
        List<String> out = new ArrayList<>();
        List<String> run = new ArrayList<>();
        String runKind = null;
        for (String line : transcript) {
            String kind = line.endsWith(": stopped") ? "stopped" : line.endsWith(": started") ? "started" : null;
            if (kind == null || !kind.equals(runKind)) {
                run.sort(null);
                out.addAll(run);
                run.clear();
            }
            runKind = kind;
            (kind == null ? out : run).add(line);
        }
        run.sort(null);
        out.addAll(run);
        return String.join("\n", out);
    }

    /** supervisorctl against one daemon, and the normalised transcript of what it answered. */
    static final class Session {
        final Daemon d;
        final boolean tcp;
        final List<String> transcript = new ArrayList<>();

        Session(Daemon d, boolean tcp) {
            this.d = d;
            this.tcp = tcp;
        }

        List<String> command(String... args) {
            List<String> cmd = new ArrayList<>(List.of(SideBySide.CTL, "-c", d.conf.toString()));
            if (tcp) {
                cmd.addAll(List.of("-s", d.httpUrl(), "-u", SideBySide.USER, "-p", SideBySide.PASS));
            }
            cmd.addAll(List.of(args));
            return cmd;
        }

        Result raw(String... args) throws Exception {
            return SideBySide.run(command(args), d.dir, null, 60);
        }

        void ctl(String... args) throws Exception {
            record(String.join(" ", args), raw(args));
        }

        void record(String label, Result r) {
            transcript.add("$ supervisorctl " + label + "  [exit " + r.exit() + "]");
            for (String line : normalise(r.out()).lines().toList()) {
                transcript.add("  out| " + line);
            }
            for (String line : normalise(r.err()).lines().toList()) {
                transcript.add("  err| " + line);
            }
        }

        String normalise(String s) {
            s = s.replace(d.dir.toString(), "<tmp>").replace(SideBySide.PYDIR.toString(), "<py>");
            s = s.replaceAll("pid \\d+", "pid <pid>");
            s = s.replaceAll("uptime \\d+:\\d\\d:\\d\\d", "uptime <up>");
            s = s.replaceAll("[A-Z][a-z]{2} \\d{2} \\d{2}:\\d{2} [AP]M", "<date>");
            s = s.replaceAll("(?m)^\\d+$", "<pid>");
            s = s.replaceAll("127\\.0\\.0\\.1:" + d.port, "127.0.0.1:<port>");
            s = s.replaceAll("---supervisor-[A-Za-z0-9_]+\\.log", "---supervisor-<rand>.log");
            return s;
        }

        /** Polls {@code status} until every named process is RUNNING. */
        void awaitRunning(String... names) throws Exception {
            List<String> want = names.length == 0 ? RUNNING : List.of(names);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String last = "";
            while (System.nanoTime() < end) {
                List<String> args = new ArrayList<>(List.of("status"));
                args.addAll(want);
                Result r = raw(args.toArray(String[]::new));
                last = r.out();
                if (last.lines().filter(l -> l.contains(" RUNNING ")).count() == want.size()) {
                    return;
                }
                Thread.sleep(100);
            }
            transcript.add("!! timed out waiting for RUNNING " + want + ": " + normalise(last));
        }

        void awaitLog(String name, String text) throws Exception {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < end) {
                if (raw("tail", name).out().contains(text)) {
                    return;
                }
                Thread.sleep(100);
            }
            transcript.add("!! timed out waiting for '" + text + "' in the log of " + name);
        }

        /** {@code tail -f}: started, the first line read, then killed. */
        void tailF(String name) throws Exception {
            Process p = new ProcessBuilder(command("tail", "-f", name)).directory(d.dir.toFile()).start();
            StringBuffer out = new StringBuffer();
            SideBySide.pump(p.getInputStream(), out);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < end && !out.toString().contains("child out line\n")) {
                Thread.sleep(50);
            }
            boolean alive = p.isAlive();
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
            p.destroyForcibly();
            String first = out.toString().lines().limit(2).reduce("", (a, b) -> a + b + "\n");
            record("tail -f " + name + " (first two lines, then killed; still running: " + alive + ")",
                    new Result(0, first, ""));
        }

        /**
         * {@code maintail}: the activity log's content differs on purpose (README "Known
         * differences": timing; lines of different programs interleave differently, and the
         * reference's loop logs at its own ticks), so only the exit code, that it prints, and the
         * phrases both logs must hold are compared.
         */
        void maintail() throws Exception {
            for (String[] args : List.of(new String[] {"maintail"}, new String[] {"maintail", "-500"})) {
                Result r = raw(args);
                String out = r.out();
                StringBuilder facts = new StringBuilder();
                facts.append("non-empty: ").append(!out.isBlank()).append('\n');
                if (args.length == 1) {
                    String log = Files.readString(d.dir.resolve("supervisord.log"));
                    for (String phrase : List.of("INFO spawned: 'cat' with pid",
                            "INFO success: child entered RUNNING state", "INFO stopped: cat (terminated by SIGTERM)",
                            "INFO waiting for cat to stop")) {
                        facts.append("activity log contains \"").append(phrase).append("\": ")
                                .append(log.contains(phrase)).append('\n');
                    }
                }
                record(String.join(" ", args) + " (facts only)", new Result(r.exit(), facts.toString(), r.err()));
            }
        }

        /**
         * {@code fg}: a line fed on stdin comes back from cat, then SIGINT ("Exiting
         * foreground"). supervisorctl itself then hangs in its non-daemon tail thread until the
         * program writes again (with either daemon), so it is killed and its exit code not compared.
         */
        void fg(String name) throws Exception {
            Process p = new ProcessBuilder(command("fg", name)).directory(d.dir.toFile()).start();
            StringBuffer out = new StringBuffer();
            StringBuffer err = new StringBuffer();
            SideBySide.pump(p.getInputStream(), out);
            SideBySide.pump(p.getErrorStream(), err);
            waitFor(out, s -> s.contains("Press Ctrl-C to exit"), 20);
            OutputStream in = p.getOutputStream();
            in.write("hello fg\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            boolean echoed = waitFor(out, s -> s.contains("hello fg"), 10);
            DistTree.kill("INT", p.pid());
            boolean exiting = waitFor(out, s -> s.contains("Exiting foreground"), 10);
            p.destroyForcibly();
            p.waitFor();
            Thread.sleep(50);
            record("fg " + name + " (fed 'hello fg', then SIGINT; echoed: " + echoed + ", exiting: " + exiting + ")",
                    new Result(0, out.toString(), err.toString()));
        }

        private static boolean waitFor(StringBuffer buf, Predicate<String> cond, long seconds)
                throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < end) {
                if (cond.test(buf.toString())) {
                    return true;
                }
                Thread.sleep(50);
            }
            return false;
        }
    }
}
