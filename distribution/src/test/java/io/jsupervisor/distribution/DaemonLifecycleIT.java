package io.jsupervisor.distribution;

import static io.jsupervisor.distribution.DistTree.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jsupervisor.distribution.DistTree.Run;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's life through real signals: shutdown, restart on HUP, PID 1, AUTO log cleanup. */
class DaemonLifecycleIT {
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

    private long daemonPid() throws Exception {
        return Long.parseLong(Files.readString(tree.pidfile()).strip());
    }

    private static int pidOf(String log, String program) {
        Matcher m = Pattern.compile("spawned: '" + program + "' with pid (\\d+)").matcher(log);
        int pid = -1;
        while (m.find()) {
            pid = Integer.parseInt(m.group(1));
        }
        return pid;
    }

    private Run startForeground(String programs) throws Exception {
        Path conf = tree.config("nodaemon=true\n\n" + programs);
        Run r = tree.start(List.of("-c", conf.toString()), null);
        await("pidfile", 30, () -> Files.exists(tree.pidfile()) || !r.process().isAlive());
        assertTrue(r.process().isAlive(), () -> "ended: " + r.err());
        return r;
    }

    /**
     * A foreground start reads the config once: the launcher reads it and hands it to the core.
     * The programs come from an included FIFO that this test writes exactly once; a second read
     * would block on the FIFO for good and the program would never start.
     */
    @Test
    void aForegroundStartReadsTheConfigOnce() throws Exception {
        Path includes = Files.createDirectories(tmp.resolve("once.d"));
        Path fifo = includes.resolve("programs.conf");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Thread writer = new Thread(() -> {
            try (var out = Files.newOutputStream(fifo)) { // blocks until the reader opens it
                out.write("[program:a]\ncommand=sleep 1000\nstartsecs=0\n".getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        writer.setDaemon(true);
        writer.start();
        startForeground("[include]\nfiles=" + includes + "/*.conf\n");
        await("a running from the config read once", 30, () -> tree.activityLogText().contains("success: a"));
        assertFalse(writer.isAlive(), "the FIFO was read");
    }

    @Test
    void termStopsEveryChildRemovesThePidfileAndExitsZero() throws Exception {
        Run r = startForeground("[program:a]\ncommand=sleep 1000\nstartsecs=0\n\n"
                + "[program:b]\ncommand=sleep 1000\nstartsecs=0\n");
        await("both running", 10, () -> tree.activityLogText().contains("success: b")
                && tree.activityLogText().contains("success: a"));
        int a = pidOf(tree.activityLogText(), "a");
        DistTree.kill("TERM", daemonPid());
        assertTrue(r.process().waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, r.process().exitValue());
        assertFalse(Files.exists(tree.pidfile()));
        assertFalse(ProcessHandle.of(a).map(ProcessHandle::isAlive).orElse(false));
        String log = tree.activityLogText();
        assertTrue(log.contains("WARN received SIGTERM indicating exit request"), log);
        assertTrue(log.contains("WARN stopped: a (terminated by SIGTERM)"), log);
        // -n echoes the activity log on stdout
        assertTrue(r.out().toString().contains("INFO supervisord started with pid"), r.out().toString());
    }

    @Test
    void hupRereadsTheConfigAndRestartsEverything() throws Exception {
        startForeground("[program:a]\ncommand=sleep 1000\nstartsecs=0\n");
        await("a running", 10, () -> tree.activityLogText().contains("success: a"));
        long daemon = daemonPid();
        int a = pidOf(tree.activityLogText(), "a");
        tree.config("nodaemon=true\n\n[program:b]\ncommand=sleep 1000\nstartsecs=0\n");
        DistTree.kill("HUP", daemon);
        await("b running after HUP", 20, () -> tree.activityLogText().contains("success: b"));
        String log = tree.activityLogText();
        assertTrue(log.contains("WARN received SIGHUP indicating restart request"), log);
        assertTrue(log.contains("WARN stopped: a (terminated by SIGTERM)"), log);
        assertEquals(2, log.split("supervisord started with pid " + daemon, -1).length - 1, log);
        assertFalse(ProcessHandle.of(a).map(ProcessHandle::isAlive).orElse(false));
        assertEquals(daemon, daemonPid());
    }

    @Test
    void hupWithABrokenConfigKeepsTheRunningDaemon() throws Exception {
        startForeground("[program:a]\ncommand=sleep 1000\nstartsecs=0\n");
        await("a running", 10, () -> tree.activityLogText().contains("success: a"));
        int a = pidOf(tree.activityLogText(), "a");
        tree.config("nodaemon=true\n\n[program:a]\ncommand=sleep 1000\nstartsecs=notanumber\n");
        DistTree.kill("HUP", daemonPid());
        await("error logged", 10, () -> tree.activityLogText().contains("keeping the running one"));
        String log = tree.activityLogText();
        assertTrue(log.contains("'startsecs'") || log.contains("startsecs"), log);
        assertTrue(ProcessHandle.of(a).map(ProcessHandle::isAlive).orElse(false), "a was stopped");
        assertFalse(log.contains("received SIGHUP indicating restart request"), log);
    }

    @Test
    void autoLogsOfAnEarlierRunAreRemovedUnlessNocleanup() throws Exception {
        Path stale = Files.writeString(tmp.resolve("old-stdout---supervisor-abc123.log"), "old");
        Path other = Files.writeString(tmp.resolve("keep-me.log"), "mine");
        Run r = startForeground("[program:a]\ncommand=sleep 1000\nstartsecs=0\n");
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(other));
        DistTree.kill("TERM", daemonPid());
        assertTrue(r.process().waitFor(30, TimeUnit.SECONDS));

        Files.writeString(stale, "old");
        Path conf = tree.config("nodaemon=true\nnocleanup=true\n\n[program:a]\ncommand=sleep 1000\n");
        Run again = tree.start(List.of("-c", conf.toString()), null);
        await("pidfile", 30, () -> Files.exists(tree.pidfile()) || !again.process().isAlive());
        assertTrue(Files.exists(stale));
    }

    @Test
    void asPidOneItReapsOrphanedGrandchildren() throws Exception {
        assumeTrue(new com.sun.security.auth.module.UnixSystem().getUid() == 0, "needs root for a PID namespace");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "needs unshare");
        Path conf = tree.config("nodaemon=true\n\n[program:parent]\n"
                + "command=sh -c \"(sleep 1; exit 7) & exit 0\"\nstartsecs=0\nautorestart=false\n");
        Run r = tree.start(List.of("/usr/bin/unshare", "--pid", "--fork", "--mount-proc", "--kill-child"),
                List.of("-c", conf.toString()), null);
        await("orphan reaped", 30, () -> tree.activityLogText().contains("reaped unknown pid"));
        String log = tree.activityLogText();
        assertTrue(log.contains("supervisord started with pid 1\n"), log);
        assertTrue(Pattern.compile("INFO reaped unknown pid \\d+ \\(exit status 7\\)").matcher(log).find(), log);
        // unshare ignores TERM while it waits: signal the daemon (pid 1 inside) from out here.
        long daemon = r.process().descendants().filter(h -> h.info().command().orElse("").endsWith("java"))
                .findFirst().orElseThrow().pid();
        DistTree.kill("TERM", daemon);
        assertTrue(r.process().waitFor(30, TimeUnit.SECONDS));
        await("shutdown logged", 10, () -> tree.activityLogText().contains("received SIGTERM indicating exit request"));
    }

    @Test
    void minfdsRaisesTheOpenFilesLimit() throws Exception {
        Path conf = tree.config("nodaemon=true\nminfds=1000\n\n[program:a]\ncommand=sleep 1000\n");
        Run r = tree.start(List.of("sh", "-c", "ulimit -Sn 512; exec \"$0\" \"$@\""), List.of("-c", conf.toString()), null);
        await("pidfile", 30, () -> Files.exists(tree.pidfile()) || !r.process().isAlive());
        assertTrue(tree.activityLogText().contains("INFO Increased RLIMIT_NOFILE limit to 1000"), tree.activityLogText());
        String limits = Files.readString(Path.of("/proc/" + daemonPid() + "/limits"));
        assertTrue(limits.matches("(?s).*Max open files\\s+1000\\s.*"), limits);
    }
}
