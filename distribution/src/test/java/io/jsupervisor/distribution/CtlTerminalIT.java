package io.jsupervisor.distribution;

import static io.jsupervisor.distribution.DistTree.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * supervisorctl on a real terminal and with streams: the interactive shell and {@code fg} driven
 * through a pseudo-terminal by src/test/python/ptyctl.py (our client, and the reference client
 * on the same checks), {@code tail -f} into a pipe that closes early, and log bytes that are not
 * ASCII or not UTF-8 coming out unchanged.
 */
class CtlTerminalIT {
    private static final Path REF_CTL = Path.of("/usr/bin/supervisorctl");
    private static final Path PTYCTL = Path.of("src/test/python/ptyctl.py").toAbsolutePath();
    /** A line of UTF-8 text, then bytes that are not UTF-8 at all. */
    private static final byte[] ODD = {'c', 'a', 'f', (byte) 0xc3, (byte) 0xa9, ' ', (byte) 0xe2, (byte) 0x82,
        (byte) 0xac, ' ', (byte) 0xff, (byte) 0xfe, ' ', (byte) 0xc3, ' ', 'r', 'a', 'w', '\n'};

    @TempDir
    Path tmp;
    private DistTree tree;
    private Path conf;
    private int port;

    @BeforeEach
    void start() throws Exception {
        tree = new DistTree(tmp);
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.write(tmp.resolve("odd.bin"), ODD);
        conf = tree.config("[unix_http_server]\nfile=" + tmp.resolve("s.sock") + "\n"
                + "[inet_http_server]\nport=127.0.0.1:" + port + "\n"
                + "[rpcinterface:supervisor]\n"
                + "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n"
                + "[supervisorctl]\nserverurl=unix://" + tmp.resolve("s.sock") + "\n"
                + "history_file=" + tmp.resolve("history") + "\n"
                + "[program:sleeper]\ncommand=sleep 1000\n"
                + "[program:cat]\ncommand=cat\n"
                + "[program:ticker]\ncommand=sh -c 'i=0; while :; do i=$((i+1)); echo \"tick $i\"; sleep 0.1; done'\n"
                + "[program:odd]\ncommand=sh -c 'while :; do cat " + tmp.resolve("odd.bin") + "; sleep 0.3; done'\n"
                + "stdout_logfile=" + tmp.resolve("odd.log") + "\n"
                + "[program:off]\ncommand=sleep 1000\nautostart=false\n"
                + "[group:g]\nprograms=off\n");
        tree.start(List.of("-c", conf.toString()), null);
        await("socket", 30, () -> Files.exists(tmp.resolve("s.sock")));
        await("programs up", 30, () -> tree.activityLogText().contains("success: cat entered RUNNING")
                && tree.activityLogText().contains("success: sleeper entered RUNNING")
                && tree.activityLogText().contains("success: odd entered RUNNING"));
    }

    @AfterEach
    void stop() throws IOException {
        tree.close();
    }

    private String ctl() {
        return tree.home.resolve("bin/supervisorctl").toString();
    }

    /** A client-only config pointing at the TCP listener: the Python client streams over it. */
    private Path httpConf(String history) throws IOException {
        Path c = tmp.resolve("ctl-http.conf");
        Files.writeString(c, "[supervisorctl]\nserverurl=http://127.0.0.1:" + port + "\nhistory_file=" + history
                + "\n");
        return c;
    }

    private static String run(List<String> cmd, long seconds) throws Exception {
        return run(new ProcessBuilder(cmd), seconds);
    }

    private static String run(ProcessBuilder pb, long seconds) throws Exception {
        List<String> cmd = pb.command();
        pb.redirectErrorStream(true);
        pb.environment().put("LANG", "C.UTF-8");
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        boolean ended = p.waitFor(seconds, TimeUnit.SECONDS);
        if (!ended) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String text = new String(out, StandardCharsets.UTF_8);
        assertTrue(ended, "did not end: " + cmd + "\n" + text);
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + text);
        return text;
    }

    private static List<String> driver(String... args) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", PTYCTL.toString()));
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }

    @Test
    void interactiveShellOnATerminal() throws Exception {
        // prompt, status first, unknown command and failing commands leave the shell running,
        // help, completion of an action and of process names, history written and recalled with
        // the up arrow in a new shell, Ctrl-D and quit
        assertTrue(run(driver("shell", ctl(), conf.toString(), tmp.resolve("history").toString()), 120)
                .contains("OK"));
    }

    @Test
    void referenceClientPassesTheSameShellChecks() throws Exception {
        assumeTrue(Files.isExecutable(REF_CTL));
        Path hist = tmp.resolve("ref-history");
        assertTrue(run(driver("shell", REF_CTL.toString(), refConf(hist).toString(), hist.toString()), 120)
                .contains("OK"));
    }

    private Path refConf(Path hist) {
        try {
            Path c = tmp.resolve("ref-ctl.conf");
            Files.writeString(c, "[supervisorctl]\nserverurl=unix://" + tmp.resolve("s.sock") + "\nhistory_file="
                    + hist + "\n");
            return c;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void fgRoundTripOneShot() throws Exception {
        // lines typed go to cat's stdin and come back; Ctrl-C detaches with exit status 0
        assertTrue(run(driver("fg", ctl(), conf.toString(), "cat"), 60).contains("OK"));
        assertTrue(run(List.of(ctl(), "-c", conf.toString(), "status", "cat"), 30).matches("(?s)cat +RUNNING.*"));
    }

    @Test
    void fgInsideTheShellReturnsToIt() throws Exception {
        assertTrue(run(driver("shellfg", ctl(), conf.toString(), "cat"), 60).contains("OK"));
        // the same checks hold for the reference client (over TCP: its blank Host header on a
        // UNIX socket is refused by our HTTP server), except that after fg it does not end on quit
        // (its reader threads live on) and the driver stops it
        // The reference client itself is flaky on a pty here: now and then it shows nothing at
        // all, or misses the Ctrl-C, against the reference daemon too (1 pass in 5 tries there,
        // measured 2026-12-05). It is the client under test, not our daemon: give it a few tries.
        if (Files.isExecutable(REF_CTL)) {
            AssertionError last = null;
            for (int attempt = 0; attempt < 6; attempt++) {
                try {
                    assertTrue(run(driver("shellfg", REF_CTL.toString(),
                            httpConf(tmp.resolve("h2").toString()).toString(), "cat", "lingers"), 60).contains("OK"));
                    return;
                } catch (AssertionError e) {
                    last = e;
                }
            }
            throw last;
        }
    }

    @Test
    void tailFollowIntoAPipeThatCloses() throws Exception {
        Path status = tmp.resolve("pipestatus");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "'" + ctl() + "' -c '" + conf + "' tail -f ticker | head -n 3;"
                + " echo ${PIPESTATUS[0]} > '" + status + "'");
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "tail -f | head did not end");
        String o = new String(out, StandardCharsets.UTF_8);
        assertTrue(o.startsWith("==> Press Ctrl-C to exit <==\n"), o);
        assertEquals(3, o.split("\n").length, o);
        assertTrue(o.split("\n")[1].startsWith("tick ") || o.split("\n")[1].contains("tick"), o);
        assertEquals("", new String(err, StandardCharsets.UTF_8), "quiet on stderr");
        assertEquals("0", Files.readString(status).strip(), "our client's exit status");
    }

    @Test
    void logBytesComeOutUnchanged() throws Exception {
        await("odd output logged", 30, () -> {
            try {
                return Files.size(tmp.resolve("odd.log")) >= 2 * ODD.length;
            } catch (IOException e) {
                return false;
            }
        });
        // tail -f streams the log's raw bytes, invalid UTF-8 included
        Process p = new ProcessBuilder(ctl(), "-c", conf.toString(), "tail", "-f", "odd").start();
        p.getOutputStream().close();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        InputStream in = p.getInputStream();
        byte[] buf = new byte[4096];
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end && indexOf(got.toByteArray(), ODD, 1) < 0) {
            int n = in.read(buf);
            if (n < 0) {
                break;
            }
            got.write(buf, 0, n);
        }
        p.destroy();
        p.waitFor(10, TimeUnit.SECONDS);
        p.destroyForcibly();
        byte[] g = got.toByteArray();
        assertTrue(indexOf(g, ODD, 1) >= 0, "tail -f output lacks the raw bytes: " + Arrays.toString(g));
        // every byte after the banner is a byte of the log, in order
        byte[] banner = "==> Press Ctrl-C to exit <==\n".getBytes(StandardCharsets.UTF_8);
        byte[] body = Arrays.copyOfRange(g, banner.length, g.length);
        byte[] log = Files.readAllBytes(tmp.resolve("odd.log"));
        assertTrue(indexOf(log, body, 0) >= 0, "tail -f bytes are a slice of the log");

        // plain tail goes through XML-RPC strings: UTF-8 text comes out as it is
        // (bytes that are not UTF-8 become U+FFFD there; see the README)
        ProcessBuilder pb = new ProcessBuilder(ctl(), "-c", conf.toString(), "tail", "-40", "odd");
        Process t = pb.start();
        t.getOutputStream().close();
        byte[] tail = t.getInputStream().readAllBytes();
        assertEquals(0, t.waitFor());
        byte[] text = Arrays.copyOfRange(ODD, 0, 10);
        assertTrue(indexOf(tail, text, 0) >= 0, "tail keeps UTF-8: " + Arrays.toString(tail));
    }

    /** Index of the {@code times}-th occurrence (0-based count of earlier ones) of {@code needle}. */
    private static int indexOf(byte[] hay, byte[] needle, int skip) {
        int seen = 0;
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            if (seen++ == skip) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void oneShotActionsDoNotLoadJline() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(ctl(), "-c", conf.toString(), "status", "sleeper");
        pb.environment().put("JSUPERVISORCTL_OPTS", "-verbose:class");
        String out = run(pb, 30);
        assertTrue(out.contains("sleeper "), out);
        assertTrue(out.contains("io.jsupervisor.platform.supervisorctl.Supervisorctl"), "class loading shown");
        assertTrue(!out.contains("org.jline"), "JLine loaded by a one-shot action");
    }
}
