package io.jsupervisor.distribution;

import static io.jsupervisor.distribution.DistTree.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsupervisor.distribution.DistTree.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped in-JVM listeners ({@code bundles/eventlisteners}) against real processes: a FATAL
 * program ending the daemon with a chosen status, a process growing its memory restarted, an
 * HTTP server that starts failing restarted, a command run with the event in its environment,
 * and the bundle hot-deployed into (and removed from) {@code deploy/} of a running daemon.
 */
class ListenersIT {
    static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path tmp;

    private DistTree tree;

    @BeforeEach
    void setUp() throws Exception {
        tree = new DistTree(tmp);
    }

    @AfterEach
    void tearDown() throws Exception {
        tree.close();
    }

    /** Starts the daemon in the foreground with {@code extra} and waits until it has written its pidfile. */
    private Run start(String extra) throws Exception {
        Path conf = tree.config("nodaemon=true\n\n" + extra);
        Run r = tree.start(List.of("-c", conf.toString()), null);
        await("pidfile", 30, () -> Files.exists(tree.pidfile()) || !r.process().isAlive());
        return r;
    }

    private static List<String> lines(Path p) {
        try {
            return Files.exists(p) ? Files.readAllLines(p) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void fatalExitEndsTheDaemonWithItsStatus() throws Exception {
        Run r = start("[program:bad]\ncommand=sh -c 'exit 1'\nstartretries=0\nstartsecs=1\n\n"
                + "[program:other]\ncommand=sleep 1000\nstartsecs=0\n\n"
                + "[jsupervisor.listener:die]\ntype=fatal-exit\nprograms=bad\nexit_status=3\n\n"
                + "[jsupervisor.listener:broken]\ntype=memmon\n\n"
                + "[jsupervisor.listener:bigger]\ntype=memory-limit\nprograms=other\nrss=12XB\n");
        assertTrue(r.process().waitFor(60, TimeUnit.SECONDS), "the daemon is still running: " + tree.activityLogText());
        String log = tree.activityLogText();
        assertEquals(3, r.process().exitValue(), log + r.err());
        assertTrue(log.contains("CRIT jsupervisor.listener:die: bad is FATAL: shutting the daemon down with exit status 3"), log);
        assertTrue(log.contains("ERRO jsupervisor.listener:broken: unknown type 'memmon' (one of fatal-exit, "
                + "memory-limit, http-check, alert-exec); this listener is skipped"), log);
        assertTrue(log.contains("ERRO jsupervisor.listener:bigger: rss = 12XB is not a byte size"), log);
        assertTrue(log.contains("INFO jsupervisor.listener:die: fatal-exit: exit status 3 when bad goes FATAL"), log);
        // an orderly shutdown: the other program was stopped
        assertTrue(log.contains("stopped: other (terminated by SIGTERM)"), log);
        // (the event is raised as the engine logs "gave up", so the two lines come in either order)
        assertTrue(log.contains("gave up: bad entered FATAL state"), log);
    }

    @Test
    void memoryLimitRestartsAProcessThatGrows() throws Exception {
        Path pids = tmp.resolve("pids");
        String hog = "import os, time\n"
                + "open('" + pids + "', 'a').write('%d\\n' % os.getpid())\n"
                + "chunks = []\n"
                + "while len(chunks) < 15:\n"
                + "    chunks.append(b'x' * (20 * 1024 * 1024))\n"
                + "    time.sleep(0.5)\n"
                + "time.sleep(1000)\n";
        Files.writeString(tmp.resolve("hog.py"), hog);
        start("[program:hog]\ncommand=" + PYTHON + " " + tmp.resolve("hog.py") + "\nstartsecs=1\n\n"
                + "[program:small]\ncommand=sleep 1000\nstartsecs=0\n\n"
                + "[jsupervisor.listener:mem]\ntype=memory-limit\nprograms=hog,small\nrss=100MB\n");
        // checked on TICK_5: within about 5 s of passing 100 MB (2.5 s after its start)
        await("a restart", 40, () -> lines(pids).size() >= 2);
        List<String> p = lines(pids);
        assertNotEquals(p.get(0), p.get(1));
        String log = tree.activityLogText();
        Matcher m = Pattern.compile("WARN jsupervisor.listener:mem: hog \\(pid " + p.get(0)
                + "\\) uses ([0-9.]+) MB of resident memory, over its limit of 100\\.0 MB: restarting it").matcher(log);
        assertTrue(m.find(), log);
        assertTrue(Double.parseDouble(m.group(1)) > 100, log);
        assertFalse(log.contains("jsupervisor.listener:mem: small"), log);
        assertTrue(log.contains("INFO jsupervisor.listener:mem: memory-limit: restart hog,small when its resident memory "
                + "exceeds 100.0 MB, checked on TICK_5"), log);
        await("the old hog gone", 10, () -> !alive(Long.parseLong(p.get(0))));
    }

    @Test
    void httpCheckRestartsAServerThatStartsFailing() throws Exception {
        int port = HttpRpcIT.freePort();
        Path pids = tmp.resolve("pids");
        String server = "import http.server, os\n"
                + "open('" + pids + "', 'a').write('%d\\n' % os.getpid())\n"
                + "n = [0]\n"
                + "class H(http.server.BaseHTTPRequestHandler):\n"
                + "    def do_GET(self):\n"
                + "        n[0] += 1\n"
                + "        ok = n[0] <= 3\n"
                + "        body = b'all ok' if ok else b'broken'\n"
                + "        self.send_response(200 if ok else 500)\n"
                + "        self.send_header('Content-Length', str(len(body)))\n"
                + "        self.end_headers()\n"
                + "        self.wfile.write(body)\n"
                + "    def log_message(self, *a):\n"
                + "        pass\n"
                + "http.server.HTTPServer(('127.0.0.1', " + port + "), H).serve_forever()\n";
        Files.writeString(tmp.resolve("server.py"), server);
        start("[program:web]\ncommand=" + PYTHON + " " + tmp.resolve("server.py") + "\nstartsecs=1\n\n"
                + "[jsupervisor.listener:health]\ntype=http-check\nprograms=web\nurl=http://127.0.0.1:" + port + "/health\n"
                + "interval=1\nfailures=2\ntimeout=2\nexpect=ok\n");
        await("a restart", 40, () -> lines(pids).size() >= 2);
        List<String> p = lines(pids);
        assertNotEquals(p.get(0), p.get(1));
        String log = tree.activityLogText();
        String url = "GET http://127.0.0.1:" + port + "/health";
        assertTrue(log.contains("WARN jsupervisor.listener:health: " + url + " failed (1 of 2): status 500, expected 200"), log);
        assertTrue(log.contains("ERRO jsupervisor.listener:health: " + url + " failed (2 of 2): status 500, expected 200: "
                + "restarting web"), log);
        assertEquals(1, count(log, "restarting web"), "one restart after 3 good and 2 bad answers: " + log);
        assertTrue(log.indexOf("restarting web") < log.indexOf("stopped: web (terminated by SIGTERM)"), log);
    }

    private static int count(String s, String sub) {
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void alertExecRunsTheCommandWithTheEvent() throws Exception {
        Path out = Files.createDirectory(tmp.resolve("alerts"));
        // bad: BACKOFF then FATAL; crash: RUNNING then EXITED (unexpectedly); other: not listed
        start("[program:bad]\ncommand=sh -c 'exit 1'\nstartretries=0\nstartsecs=1\n\n"
                + "[program:crash]\ncommand=sh -c 'sleep 0.5; exit 1'\nstartsecs=0\nautorestart=false\n\n"
                + "[program:other]\ncommand=sh -c 'exit 1'\nstartretries=0\nstartsecs=1\n\n"
                + "[jsupervisor.listener:alert]\ntype=alert-exec\nprograms=bad,crash\n"
                + "events=PROCESS_STATE_FATAL,PROCESS_STATE_EXITED\n"
                + "command=env | grep ^JSUPERVISOR_ | sort > " + out + "/.tmp$$;"
                + " mv " + out + "/.tmp$$ " + out + "/$JSUPERVISOR_PROCESS_NAME.$JSUPERVISOR_EVENT_NAME; exit 2\n");
        Path fatal = out.resolve("bad.PROCESS_STATE_FATAL");
        Path exited = out.resolve("crash.PROCESS_STATE_EXITED");
        await("the alerts", 30, () -> Files.exists(fatal) && Files.exists(exited));
        String env = Files.readString(fatal);
        assertEquals("JSUPERVISOR_EVENT_NAME=PROCESS_STATE_FATAL\n"
                + "JSUPERVISOR_EVENT_PAYLOAD=processname:bad groupname:bad from_state:BACKOFF\n", grep(env, "EVENT_NAME|PAYLOAD"));
        assertEquals("JSUPERVISOR_FROM_STATE=BACKOFF\nJSUPERVISOR_GROUP_NAME=bad\nJSUPERVISOR_LISTENER=alert\n"
                + "JSUPERVISOR_PROCESS_NAME=bad\n", grep(env, "FROM_STATE|GROUP_NAME|LISTENER|PROCESS_NAME"));
        assertTrue(env.contains("JSUPERVISOR_EVENT_TIME_MS="), env);
        String ex = Files.readString(exited);
        Matcher pid = Pattern.compile("JSUPERVISOR_PID=([1-9][0-9]*)\n").matcher(ex);
        assertTrue(pid.find(), ex);
        assertTrue(tree.activityLogText().contains("exited: crash (exit status 1; not expected)"), tree.activityLogText());
        assertEquals("JSUPERVISOR_EVENT_NAME=PROCESS_STATE_EXITED\n"
                + "JSUPERVISOR_EVENT_PAYLOAD=processname:crash groupname:crash from_state:RUNNING expected:0 pid:" + pid.group(1) + "\n"
                + "JSUPERVISOR_EXPECTED=0\nJSUPERVISOR_FROM_STATE=RUNNING\n", grep(ex, "EVENT_NAME|PAYLOAD|EXPECTED|FROM_STATE"));
        await("the exit logged", 10, () -> tree.activityLogText().contains(
                "WARN jsupervisor.listener:alert: 'env | grep ^JSUPERVISOR_ | sort > " + out + "/.tmp$$;"));
        assertTrue(tree.activityLogText().contains("for PROCESS_STATE_FATAL exited with status 2"), tree.activityLogText());
        await("other FATAL", 10, () -> tree.activityLogText().contains("gave up: other entered FATAL state"));
        Thread.sleep(500);
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(List.of("bad.PROCESS_STATE_FATAL", "crash.PROCESS_STATE_EXITED"),
                    s.map(p -> p.getFileName().toString()).sorted().toList(), "only the listed programs' events");
        }
    }

    private static String grep(String text, String regex) {
        StringBuilder sb = new StringBuilder();
        for (String l : text.split("\n")) {
            if (Pattern.compile(regex).matcher(l).find()) {
                sb.append(l).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * How long after the daemon raised an event the in-JVM listener has it (the alert-exec
     * listener's debug line) and its command runs (the command's first {@code date}).
     */
    @Test
    void alertExecLatency() throws Exception {
        Path out = tmp.resolve("lat");
        // one EXITED event every ~0.15 s, so the listener is idle when each arrives
        start("loglevel=debug\n\n[program:flap]\ncommand=sleep 0.15\nstartsecs=0\nautorestart=true\n\n"
                + "[jsupervisor.listener:lat]\ntype=alert-exec\nevents=PROCESS_STATE_EXITED\nprograms=flap\n"
                + "command=echo $(date +%%s%%N) $JSUPERVISOR_EVENT_TIME_MS >> " + out + "\n"); // %% for the config's expansion
        int samples = 40;
        await(samples + " events", 90, () -> lines(out).size() >= samples);
        List<Double> exec = new ArrayList<>();
        for (String l : lines(out).subList(0, samples)) {
            String[] f = l.split(" ");
            exec.add(Long.parseLong(f[0]) / 1e6 - Long.parseLong(f[1]));
        }
        List<Double> received = new ArrayList<>();
        Matcher m = Pattern.compile("jsupervisor.listener:lat: running the command for \\w+ \\(raised (\\d+) ms ago\\)")
                .matcher(tree.activityLogText());
        while (m.find()) {
            received.add(Double.parseDouble(m.group(1)));
        }
        assertTrue(received.size() >= samples, "debug lines: " + received.size());
        String report = String.format(Locale.ROOT,
                "in-JVM listener latency over %d events: receipt (ms resolution) median %.0f ms, p90 %.0f ms, max %.0f ms;"
                        + " command start median %.1f ms, p90 %.1f ms, max %.1f ms",
                samples, pct(received, 50), pct(received, 90), pct(received, 100), pct(exec, 50), pct(exec, 90), pct(exec, 100));
        System.out.println(report);
        Files.writeString(Path.of(System.getProperty("jsupervisor.dist", "target/jsupervisor")).resolveSibling("listener-latency.txt"),
                report + "\n");
        assertTrue(pct(received, 50) < 50, report);
    }

    /** The p-th percentile (nearest rank). */
    private static double pct(List<Double> values, int p) {
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        int rank = (int) Math.ceil(p / 100.0 * s.size());
        return s.get(Math.max(0, Math.min(s.size() - 1, rank - 1)));
    }

    @Test
    void hotDeployedListenerBundleHearsEventsUntilRemoved() throws Exception {
        Path bundled;
        try (Stream<Path> s = Files.list(tree.home.resolve("bundle"))) {
            bundled = s.filter(p -> p.getFileName().toString().startsWith("jsupervisor-eventlisteners")).findFirst().orElseThrow();
        }
        Path jar = tmp.resolve("eventlisteners.jar");
        Files.move(bundled, jar);
        Path out = tmp.resolve("events");
        start("[program:flap]\ncommand=sleep 0.3\nstartsecs=0\nautorestart=true\n\n"
                + "[jsupervisor.listener:hot]\ntype=alert-exec\nevents=PROCESS_STATE_RUNNING\n"
                + "command=echo $JSUPERVISOR_PROCESS_NAME $JSUPERVISOR_EVENT_NAME >> " + out + "\n");
        await("flap cycling", 20, () -> count(tree.activityLogText(), "success: flap") >= 3);
        assertFalse(Files.exists(out), "no listener bundle yet");
        assertFalse(tree.activityLogText().contains("jsupervisor.listener:hot"));

        Path deployed = tree.home.resolve("deploy/jsupervisor-eventlisteners.jar");
        Files.copy(jar, deployed);
        await("events after the deploy", 20, () -> lines(out).size() >= 3);
        assertEquals("flap PROCESS_STATE_RUNNING", lines(out).get(0));
        assertTrue(tree.activityLogText().contains("INFO jsupervisor.listener:hot: alert-exec: run 'echo"));

        Files.delete(deployed);
        // the deploy watcher waits 0.2 s for the directory to settle; then the bundle stops and its
        // listener is unregistered
        Thread.sleep(4000);
        int n = lines(out).size();
        Thread.sleep(3000);
        assertEquals(n, lines(out).size(), "events still arrive after the bundle was removed");
        assertTrue(count(tree.activityLogText(), "success: flap") > n + 3, "flap kept cycling");
    }

    /** The sections are read again when the daemon restarts (SIGHUP): added, kept once, removed. */
    @Test
    void sectionsAreReadAgainOnSighup() throws Exception {
        Path out = tmp.resolve("events");
        String program = "[program:flap]\ncommand=sleep 0.3\nstartsecs=0\nautorestart=true\n\n";
        String section = "[jsupervisor.listener:hup]\ntype=alert-exec\nevents=PROCESS_STATE_RUNNING\n"
                + "command=echo $JSUPERVISOR_PID >> " + out + "\n";
        start(program + section);
        long pid = Long.parseLong(Files.readString(tree.pidfile()).strip());
        await("events", 20, () -> lines(out).size() >= 2);

        DistTree.kill("HUP", pid);
        await("restarted", 20, () -> count(tree.activityLogText(), "INFO jsupervisor.listener:hup: alert-exec") == 2);
        int before = lines(out).size();
        await("events after the restart", 20, () -> lines(out).size() >= before + 4);
        List<String> seen = lines(out);
        assertEquals(seen.size(), seen.stream().distinct().count(), "one listener, not two: " + seen);

        tree.config("nodaemon=true\n\n" + program);
        DistTree.kill("HUP", pid);
        await("restarted again", 20, () -> count(tree.activityLogText(), "supervisord started with pid") == 3);
        Thread.sleep(2000);
        int n = lines(out).size();
        Thread.sleep(2000);
        assertEquals(n, lines(out).size(), "the removed section still runs");
        assertEquals(2, count(tree.activityLogText(), "INFO jsupervisor.listener:hup: alert-exec"));
    }
}
