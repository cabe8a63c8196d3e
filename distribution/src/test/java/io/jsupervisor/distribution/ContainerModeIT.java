package io.jsupervisor.distribution;

import static io.jsupervisor.distribution.DistTree.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jsupervisor.distribution.DistTree.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Container mode as a container runs it: the daemon is PID 1 of its own PID namespace
 * ({@code unshare --pid --fork --mount-proc}, whose exit status is the daemon's), the programs'
 * output reaches the daemon's stdout line by line with their names, the activity log its
 * stderr, and the exit status says whether something failed.
 */
class ContainerModeIT {
    @TempDir
    Path tmp;

    private DistTree tree;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(new com.sun.security.auth.module.UnixSystem().getUid() == 0, "needs root for a PID namespace");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "needs unshare");
        tree = new DistTree(tmp);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (tree != null) {
            tree.close();
        }
    }

    /** A config with no log file of the daemon's: container mode's defaults decide where things go. */
    private Path config(String supervisord, String programs) throws Exception {
        return Files.writeString(tmp.resolve("supervisord.conf"), "[supervisord]\n" + supervisord
                + "pidfile=" + tree.pidfile() + "\nchildlogdir=" + tmp + "\n\n" + programs);
    }

    private Run startAsPidOne(List<String> args) throws Exception {
        return tree.start(List.of("/usr/bin/unshare", "--pid", "--fork", "--mount-proc", "--kill-child"), args, null);
    }

    /** The daemon's JVM, pid 1 inside, seen from out here (unshare itself ignores TERM while it waits). */
    private static long daemonPid(Run r) {
        return r.process().descendants().filter(h -> h.info().command().orElse("").endsWith("java"))
                .findFirst().orElseThrow().pid();
    }

    @Test
    void programsOutputIsPrefixedOnStdoutAndTermStopsEverythingWithStatusZero() throws Exception {
        Path conf = config("container_mode = true\n",
                "[program:web]\ncommand=sh -c \"i=0; while :; do i=$((i+1)); echo web line $i; sleep 0.05; done\"\n"
                        + "[program:worker]\ncommand=sh -c \"echo worker says hi; echo worker complains >&2; "
                        + "exec sleep 1000\"\n");
        Run r = startAsPidOne(List.of("-c", conf.toString()));
        await("both programs' output", 60, () -> r.out().toString().contains("web | web line 20")
                && r.out().toString().contains("worker | worker says hi"));
        await("worker's stderr", 10, () -> r.err().toString().contains("worker | worker complains"));
        String err = r.err().toString();
        assertTrue(err.contains("supervisord started with pid 1"), err);
        assertTrue(Pattern.compile("INFO spawned: 'web' with pid \\d+").matcher(err).find(), err);

        DistTree.kill("TERM", daemonPid(r));
        assertTrue(r.process().waitFor(30, TimeUnit.SECONDS), "the daemon did not stop");
        assertEquals(0, r.process().exitValue(), r.err().toString());
        err = r.err().toString();
        assertTrue(err.contains("stopped: web (terminated by SIGTERM)"), err);
        assertTrue(err.contains("stopped: worker (terminated by SIGTERM)"), err);

        String out = r.out().toString();
        assertFalse(out.contains("spawned:"), "the activity log is not echoed on stdout:\n" + out);
        for (String line : out.split("\n")) {
            // every line whole and with its program's name, though web writes one every 50 ms
            assertTrue(line.matches("web \\| web line \\d+") || line.equals("worker | worker says hi"),
                    "line '" + line + "' in\n" + out);
        }
        assertFalse(Files.list(tmp).anyMatch(p -> p.getFileName().toString().contains("---supervisor-")),
                "no AUTO log files in container mode");
    }

    @Test
    void aCriticalProgramsCrashEndsTheDaemonWithItsStatus() throws Exception {
        // --container on the command line, nothing in the file
        Path conf = config("", "[program:api]\ncommand=sh -c \"sleep 1; echo api dying; exit 5\"\nstartsecs=0\n"
                + "critical=true\ncritical_exit_status=42\n"
                + "[program:cache]\ncommand=sleep 1000\n");
        Run r = startAsPidOne(List.of("--container", "-c", conf.toString()));
        assertTrue(r.process().waitFor(60, TimeUnit.SECONDS), "the daemon did not end: " + r.err());
        assertEquals(42, r.process().exitValue(), r.err().toString());
        String err = r.err().toString();
        assertTrue(err.contains("exited: api (exit status 5; not expected)"), err);
        assertTrue(err.contains("CRIT critical program api exited unexpectedly: shutting down with exit status 42"),
                err);
        assertTrue(err.contains("stopped: cache (terminated by SIGTERM)"), err);
        assertTrue(r.out().toString().contains("api | api dying"), r.out().toString());
    }

    @Test
    void aStopThatFindsAProgramFatalExitsWithStatusOne() throws Exception {
        Path conf = config("container_mode = true\n", "[program:broken]\ncommand=" + tmp.resolve("missing")
                + "\nstartretries=0\n[program:ok]\ncommand=sleep 1000\n");
        Run r = startAsPidOne(List.of("-c", conf.toString()));
        await("broken FATAL", 60, () -> r.err().toString().contains("gave up: broken entered FATAL state"));
        assertTrue(r.process().isAlive(), "broken is not critical: the daemon stays up");
        await("ok RUNNING", 30, () -> r.err().toString().contains("success: ok entered RUNNING state"));
        DistTree.kill("TERM", daemonPid(r));
        assertTrue(r.process().waitFor(30, TimeUnit.SECONDS), "the daemon did not stop");
        assertEquals(1, r.process().exitValue(), r.err().toString());
        assertTrue(r.err().toString().contains("exiting with status 1: broken is FATAL"), r.err().toString());
    }
}
