package io.jsupervisor.distribution;

import static io.jsupervisor.distribution.DistTree.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsupervisor.distribution.DistTree.Run;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's sd_notify messages, received on a datagram socket of the test's own given as
 * NOTIFY_SOCKET, as systemd would: READY once the autostart programs run, RELOADING then READY
 * around a SIGHUP, STOPPING at SIGTERM, WATCHDOG=1 at half the WATCHDOG_USEC period, and none of
 * these variables in a program's environment.
 */
class SystemdNotifyIT {
    @TempDir
    Path tmp;

    private DistTree tree;
    private UnixDatagramChannel socket;
    private final List<String> received = new ArrayList<>();
    private Thread reader;

    @BeforeEach
    void setUp() throws Exception {
        tree = new DistTree(tmp);
        Path path = tmp.resolve("notify.sock");
        socket = UnixDatagramChannel.open();
        socket.bind(new UnixSocketAddress(path.toFile()));
        reader = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocate(4096);
            try {
                while (true) {
                    buf.clear();
                    socket.receive(buf);
                    buf.flip();
                    String message = StandardCharsets.UTF_8.decode(buf).toString();
                    synchronized (received) {
                        received.add(message);
                    }
                }
            } catch (Exception closed) {
                // the test is over
            }
        }, "notify-reader");
        reader.setDaemon(true);
        reader.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        tree.close();
        socket.close();
    }

    private List<String> messages() {
        synchronized (received) {
            return new ArrayList<>(received);
        }
    }

    /** The messages less the watchdog's, each reduced to its first line. */
    private List<String> states() {
        return messages().stream().filter(m -> !m.equals("WATCHDOG=1")).map(m -> m.split("\n")[0]).toList();
    }

    @Test
    void readyReloadingStoppingAndTheWatchdog() throws Exception {
        Path env = tmp.resolve("env.txt");
        Path conf = tree.config("nodaemon=true\n\n[program:hello]\ncommand=/bin/sh -c \"env > " + env
                + "; exec sleep 1000\"\nstartsecs=0\n");
        Run r = tree.start(List.of("env", "NOTIFY_SOCKET=" + tmp.resolve("notify.sock"), "WATCHDOG_USEC=400000"),
                List.of("-c", conf.toString()), null);
        await("READY=1", 60, () -> states().contains("READY=1"));
        String log = tree.activityLogText();
        assertTrue(log.contains("spawned: 'hello'"), "READY came before the autostart program was spawned:\n" + log);
        await("the program's environment", 10, () -> Files.exists(env) && env.toFile().length() > 0);
        String childEnv = Files.readString(env);
        for (String variable : List.of("NOTIFY_SOCKET=", "WATCHDOG_USEC=", "_JAVA_SR_SIGNUM=")) {
            assertTrue(!childEnv.contains("\n" + variable) && !childEnv.startsWith(variable),
                    "the program sees " + variable);
        }

        long pid = Long.parseLong(Files.readString(tree.pidfile()).strip());
        int watchdogsBefore = (int) messages().stream().filter("WATCHDOG=1"::equals).count();
        Thread.sleep(1000);
        int watchdogs = (int) messages().stream().filter("WATCHDOG=1"::equals).count() - watchdogsBefore;
        System.out.println("systemd: " + watchdogs + " WATCHDOG=1 in 1 s with WATCHDOG_USEC=400000");
        assertTrue(watchdogs >= 3 && watchdogs <= 8, "keep-alives every 200 ms, got " + watchdogs + " in 1 s");

        DistTree.kill("HUP", pid);
        await("RELOADING=1 then READY=1", 60,
                () -> states().equals(List.of("READY=1", "RELOADING=1", "READY=1")));

        DistTree.kill("TERM", pid);
        assertTrue(r.process().waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, r.process().exitValue(), r.err().toString());
        assertEquals(List.of("READY=1", "RELOADING=1", "READY=1", "STOPPING=1"), states());
        System.out.println("systemd: notifications " + states());
    }

    @Test
    void withoutNotifySocketNothingIsSent() throws Exception {
        Path conf = tree.config("nodaemon=true\n\n[program:hello]\ncommand=sleep 1000\nstartsecs=0\n");
        Run r = tree.start(List.of("env", "-u", "NOTIFY_SOCKET", "WATCHDOG_USEC=100000"),
                List.of("-c", conf.toString()), null);
        await("hello spawned", 60, () -> tree.activityLogText().contains("spawned: 'hello'"));
        Thread.sleep(500);
        DistTree.kill("TERM", Long.parseLong(Files.readString(tree.pidfile()).strip()));
        assertTrue(r.process().waitFor(60, TimeUnit.SECONDS));
        assertEquals(List.of(), messages());
    }
}
