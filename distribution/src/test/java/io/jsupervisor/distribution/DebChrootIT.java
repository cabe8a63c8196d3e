package io.jsupervisor.distribution;

import static io.jsupervisor.distribution.DistTree.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsupervisor.distribution.DebPackageIT.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .deb installed into a fresh Debian root with no Java in it, its supervisord run there as
 * PID 1 of its own PID namespace, as in a container (see {@link MinbaseRoot} for the root, and
 * when the test is skipped).
 */
class DebChrootIT {
    @TempDir
    Path tmp;

    private Process daemon;

    @AfterEach
    void tearDown() throws Exception {
        if (daemon != null && daemon.isAlive()) {
            daemon.descendants().forEach(ProcessHandle::destroyForcibly);
            daemon.destroyForcibly();
            daemon.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Result run(String... command) throws Exception {
        return DebPackageIT.run(List.of(command));
    }

    private Path freshRoot() throws Exception {
        return MinbaseRoot.unpack(tmp.resolve("root"));
    }

    /** Runs a command inside the root with /proc mounted (the java launcher finds itself there). */
    private static Result inRoot(Path root, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("unshare", "--mount", "--mount-proc=" + root.resolve("proc"),
                "chroot", root.toString()));
        cmd.addAll(List.of(command));
        return DebPackageIT.run(cmd);
    }

    @Test
    void installsWithoutJavaAndRunsAsPid1InItsOwnNamespace() throws Exception {
        Path root = freshRoot();
        Files.copy(DebPackageIT.deb(), root.resolve("tmp/jsupervisor.deb"));
        Result install = inRoot(root, "dpkg", "-i", "/tmp/jsupervisor.deb");
        assertEquals(0, install.status(), install.out() + install.err());
        assertFalse(inRoot(root, "sh", "-c", "command -v java").status() == 0, "the root has no java");
        assertFalse(Files.exists(root.resolve("etc/systemd/system/multi-user.target.wants/supervisor.service")),
                "no systemd here: the package enabled nothing");
        // postinst made the daemon's class-data archive for the installed tree
        assertTrue(Files.size(root.resolve("usr/lib/jsupervisor/lib/daemon/supervisord.jsa")) > 1_000_000);
        assertEquals("/usr/lib/jsupervisor",
                Files.readString(root.resolve("usr/lib/jsupervisor/lib/daemon/supervisord.jsa.home")).strip());
        Files.writeString(root.resolve("etc/supervisor/conf.d/hello.conf"),
                "[program:hello]\ncommand=/bin/sh -c \"echo started; exec sleep 1000\"\nstartsecs=0\n");

        long t0 = System.nanoTime();
        daemon = new ProcessBuilder("unshare", "--pid", "--fork", "--mount", "--mount-proc=" + root.resolve("proc"),
                "chroot", root.toString(), "/usr/bin/supervisord", "-n", "-c", "/etc/supervisor/supervisord.conf")
                .redirectOutput(tmp.resolve("daemon.out").toFile()).redirectErrorStream(true).start();
        Path log = root.resolve("var/log/supervisor/supervisord.log");
        await("the daemon as pid 1", 60, () -> read(log).contains("supervisord started with pid 1\n"));
        await("hello running", 30, () -> status(root).startsWith("hello"));
        System.out.printf("deb-chroot: installed, pid 1, hello RUNNING %.1f s after exec%n",
                (System.nanoTime() - t0) / 1e9);
        assertTrue(status(root).matches("hello\\s+RUNNING\\s+pid \\d+, uptime .*\n"), status(root));

        // the daemon's pid outside the namespace: unshare's one child
        ProcessHandle pid1 = daemon.toHandle().children().findFirst().orElseThrow();
        assertEquals(0, run("kill", "-HUP", Long.toString(pid1.pid())).status());
        await("the reload", 60, () -> read(log).split("supervisord started with pid 1\n", -1).length == 3
                && status(root).contains("RUNNING"));

        assertEquals(0, run("kill", "-TERM", Long.toString(pid1.pid())).status());
        assertTrue(daemon.waitFor(60, TimeUnit.SECONDS), "the daemon did not stop");
        assertEquals(0, daemon.exitValue(), read(tmp.resolve("daemon.out")));
        assertTrue(read(log).contains("stopped: hello (terminated by SIGTERM)"), read(log));
        // nothing of the namespace is left: no process runs with the root as its root
        assertEquals(List.of(), processesIn(root));
    }

    private static String status(Path root) {
        try {
            return inRoot(root, "/usr/bin/supervisorctl", "status").out();
        } catch (Exception e) {
            return "";
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }

    private static List<Long> processesIn(Path root) {
        List<Long> found = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(p -> {
            try {
                if (Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "root")).equals(root)) {
                    found.add(p.pid());
                }
            } catch (IOException | UnsupportedOperationException gone) {
                // ended meanwhile, or not ours to read
            }
        });
        return found;
    }
}
