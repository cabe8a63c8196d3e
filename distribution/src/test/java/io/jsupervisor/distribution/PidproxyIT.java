package io.jsupervisor.distribution;

import static io.jsupervisor.distribution.DistTree.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/pidproxy: relays HUP USR1 USR2 INT QUIT TERM to the pid in the pidfile (a process that
 * records what it gets), exits after TERM, INT or QUIT and when its command exits, and answers
 * bad arguments with a usage text and exit status 1, as the reference does.
 */
class PidproxyIT {
    private static final Path RECORDER = Path.of("src/test/python/sigrecord.py").toAbsolutePath();

    @TempDir
    Path tmp;
    private DistTree tree;
    private Process proxy;
    private long target;

    @BeforeEach
    void setUp() throws IOException {
        tree = new DistTree(tmp);
    }

    @AfterEach
    void tearDown() throws IOException {
        if (proxy != null) {
            proxy.descendants().forEach(ProcessHandle::destroyForcibly);
            proxy.destroyForcibly();
        }
        if (target > 0) {
            ProcessHandle.of(target).ifPresent(ProcessHandle::destroyForcibly);
        }
        tree.close();
    }

    private String pidproxy() {
        return tree.home.resolve("bin/pidproxy").toString();
    }

    private Path record() {
        return tmp.resolve("signals");
    }

    private List<String> received() {
        try {
            return Files.exists(record()) ? Files.readAllLines(record()) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** pidproxy PIDFILE /bin/sh -c 'echo $$ > PIDFILE; exec sigrecord.py' */
    private void startProxy() throws Exception {
        Path pidfile = tmp.resolve("target.pid");
        proxy = new ProcessBuilder(pidproxy(), pidfile.toString(), "/bin/sh", "-c",
                "echo $$ > '" + pidfile + "'; exec /usr/bin/python3 '" + RECORDER + "' '" + record() + "'")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("proxy.out").toFile()).start();
        await("target ready", 30, () -> received().contains("ready"));
        target = Long.parseLong(Files.readString(pidfile).strip());
    }

    private void send(String sig, long pid) throws Exception {
        assertEquals(0, DistTree.kill(sig, pid));
    }

    @Test
    void relaysEverySignalAndEndsOnTerm() throws Exception {
        startProxy();
        for (String sig : List.of("HUP", "USR1", "USR2")) {
            send(sig, proxy.pid());
            await("SIG" + sig + " relayed", 10, () -> received().contains("SIG" + sig));
            assertTrue(proxy.isAlive(), "pidproxy still runs after SIG" + sig);
        }
        send("TERM", proxy.pid());
        await("SIGTERM relayed", 10, () -> received().contains("SIGTERM"));
        assertTrue(proxy.waitFor(10, TimeUnit.SECONDS), "pidproxy ends after TERM");
        assertEquals(0, proxy.exitValue());
        await("target ends on TERM", 10, () -> ProcessHandle.of(target).map(h -> !h.isAlive()).orElse(true));
    }

    @Test
    void relaysIntAndQuitThenEnds() throws Exception {
        for (String sig : List.of("INT", "QUIT")) {
            Files.deleteIfExists(record());
            startProxy();
            send(sig, proxy.pid());
            await("SIG" + sig + " relayed", 10, () -> received().contains("SIG" + sig));
            assertTrue(proxy.waitFor(10, TimeUnit.SECONDS), "pidproxy ends after " + sig);
            assertEquals(0, proxy.exitValue());
            // the target only recorded it: it is still there, as with the reference
            assertTrue(ProcessHandle.of(target).map(ProcessHandle::isAlive).orElse(false));
            ProcessHandle.of(target).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void endsWhenTheCommandEnds() throws Exception {
        Process p = new ProcessBuilder(pidproxy(), tmp.resolve("none.pid").toString(), "/bin/sh", "-c", "exit 3")
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertEquals("", new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void usageOnBadArguments() throws Exception {
        for (List<String> args : List.of(List.<String>of(), List.of("only.pid"))) {
            List<String> cmd = new java.util.ArrayList<>(List.of(pidproxy()));
            cmd.addAll(args);
            Process p = new ProcessBuilder(cmd).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(1, p.exitValue());
            assertTrue(out.contains("Usage: " + pidproxy() + " <pidfile name> <command> [<cmdarg1> ...]"), out);
        }
        // the command is taken relative to the current directory, not looked up in PATH
        Process p = new ProcessBuilder(pidproxy(), "x.pid", "no-such-command").directory(tmp.toFile()).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue());
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(err.contains(tmp.toRealPath().resolve("no-such-command").toString()) || err.contains(
                tmp.resolve("no-such-command").toString()), err);
        assertFalse(err.contains("Exception"), err);
    }
}
