package io.jsupervisor.distribution;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jsupervisor.distribution.SideBySide.Daemon;
import io.jsupervisor.distribution.SideBySide.Result;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3, "Tests that must exist" item 2: Python's xmlrpc.client calls every supervisor.* and
 * system.* method with valid and invalid arguments against the reference supervisord and ours,
 * on identical configs in one test run, and the normalised answers must be equal line by line
 * ({@code src/test/python/sbs_rpc_driver.py} says what is called and what is normalised). Once
 * over the UNIX socket, once over TCP with Basic auth; each run ends with supervisor.restart
 * (the daemon must come back) and supervisor.shutdown (the daemon must end).
 */
class SideBySideRpcIT {
    static final String PROGRAMS = SideBySide.SERVERS
            + "[program:cat]\n"
            + "command=/bin/cat\n"
            + "startsecs=0\n"
            + "autorestart=true\n"
            + "stdout_logfile=${DIR}/cat.out\n"
            + "stderr_logfile=NONE\n"
            + "\n"
            + "[program:child]\n"
            + "command=/usr/bin/python3 -u ${PY}/sbs_child.py child\n"
            + "startsecs=0\n"
            + "stdout_logfile=${DIR}/child.out\n"
            + "stderr_logfile=${DIR}/child.err\n"
            + "\n"
            + "[program:auto]\n"
            + "command=/usr/bin/python3 -u ${PY}/sbs_child.py auto\n"
            + "autostart=false\n"
            + "startsecs=0\n"
            + "\n"
            + "[program:nolog]\n"
            + "command=/bin/sleep 1000\n"
            + "autostart=false\n"
            + "stdout_logfile=NONE\n"
            + "\n"
            + "[program:fail]\n"
            // not /bin/false: the reference reaps right after a non-waiting spawn, and whether
            // an instant exit is already there to reap (SPAWN_ERROR) or not (OK) is a race
            + "command=/bin/sh -c \"sleep 0.3; exit 1\"\n"
            + "autostart=false\n"
            + "startsecs=1\n"
            + "startretries=0\n"
            + "\n"
            + "[program:missing]\n"
            + "command=/nonexistent/program --flag\n"
            + "autostart=false\n"
            + "\n"
            + "[program:notexec]\n"
            + "command=/etc/hostname\n"
            + "autostart=false\n"
            // no retries: how far the retries have come when a later call looks depends on
            // timing (and the reference sometimes misses the exit for a second and calls the
            // process RUNNING); one attempt ends FATAL on both
            + "startretries=0\n"
            + "\n"
            + "[program:pool]\n"
            + "command=/usr/bin/python3 -u ${PY}/sbs_child.py pool\n"
            + "process_name=%(program_name)s_%(process_num)02d\n"
            + "numprocs=2\n"
            + "autostart=false\n"
            + "startsecs=0\n"
            + "stdout_logfile=${DIR}/%(program_name)s_%(process_num)02d.out\n"
            + "\n"
            + "[program:g1]\n"
            + "command=/usr/bin/python3 -u ${PY}/sbs_child.py g1\n"
            + "startsecs=0\n"
            + "priority=10\n"
            + "stdout_logfile=${DIR}/g1.out\n"
            + "stderr_logfile=${DIR}/g1.err\n"
            + "\n"
            + "[program:g2]\n"
            + "command=/usr/bin/python3 -u ${PY}/sbs_child.py g2\n"
            + "startsecs=0\n"
            + "priority=20\n"
            + "stdout_logfile=${DIR}/g2.out\n"
            + "stderr_logfile=${DIR}/g2.err\n"
            + "\n"
            + "[group:grp]\n"
            + "programs=g1,g2\n"
            + "\n";

    @TempDir
    Path tmp;

    @Test
    void everyMethodOverUnixSocket() throws Exception {
        compare(false);
    }

    @Test
    void everyMethodOverTcpWithAuth() throws Exception {
        compare(true);
    }

    private void compare(boolean tcp) throws Exception {
        assumeTrue(SideBySide.referenceInstalled(), "the reference supervisor is not installed");
        try (SideBySide pair = new SideBySide(tmp, PROGRAMS)) {
            pair.start();
            CompletableFuture<Result> refRun = CompletableFuture.supplyAsync(() -> drive(pair.ref, tcp));
            CompletableFuture<Result> ourRun = CompletableFuture.supplyAsync(() -> drive(pair.ours, tcp));
            Result ref = refRun.get();
            Result ours = ourRun.get();
            keep("rpc-" + (tcp ? "tcp" : "unix"), ref.out() + ref.err(), ours.out() + ours.err());
            assertEquals(0, ref.exit(), "driver against the reference failed:\n" + ref.err() + pair.ref);
            assertEquals(0, ours.exit(), "driver against ours failed:\n" + ours.err() + pair.ours);
            // after supervisor.shutdown both daemons end by themselves
            boolean refEnded = SideBySide.awaitExit(pair.ref, 30);
            boolean oursEnded = SideBySide.awaitExit(pair.ours, 30);
            assertAll(
                    () -> assertSameLines(ref.out(), ours.out()),
                    () -> assertTrue(refEnded, "reference still running after supervisor.shutdown"),
                    () -> assertTrue(oursEnded, "ours still running after supervisor.shutdown"),
                    () -> assertEquals(0, refEnded ? pair.ref.process.exitValue() : 0, "reference exit status"),
                    () -> assertEquals(0, oursEnded ? pair.ours.process.exitValue() : 0, "our exit status"));
        }
    }

    private static Result drive(Daemon d, boolean tcp) {
        try {
            return SideBySide.run(List.of(SideBySide.PYTHON, SideBySide.PYDIR.resolve("sbs_rpc_driver.py").toString(),
                    tcp ? d.httpUrl() : d.unixUrl(), tcp ? SideBySide.USER : "", tcp ? SideBySide.PASS : "",
                    d.conf.toString(), d.dir.toString(), SideBySide.PYDIR.toString()), d.dir, null, 300);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Fails with a readable diff (an LCS line diff: "- " the reference's line, "+ " ours, with
     * line numbers) if the outputs are not equal.
     */
    static void assertSameLines(String refOut, String ourOut) {
        List<String> a = refOut.lines().toList();
        List<String> b = ourOut.lines().toList();
        if (a.equals(b)) {
            return;
        }
        int n = a.size();
        int m = b.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        StringBuilder diff = new StringBuilder();
        int differing = 0;
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(i).equals(b.get(j))) {
                i++;
                j++;
            } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
                diff.append(String.format("+ %4d ours:      %s%n", j + 1, b.get(j++)));
                differing++;
            } else {
                diff.append(String.format("- %4d reference: %s%n", i + 1, a.get(i++)));
                differing++;
            }
        }
        fail(differing + " differing lines (reference " + n + " lines, ours " + m + "):\n" + diff);
    }

    /** Keeps both outputs in target/side-by-side for reading after a run. */
    static void keep(String name, String ref, String ours) {
        try {
            Path dir = Path.of("target/side-by-side");
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Files.writeString(dir.resolve(name + ".reference.txt"), ref);
            java.nio.file.Files.writeString(dir.resolve(name + ".ours.txt"), ours);
        } catch (java.io.IOException e) {
            // only a convenience
        }
    }
}
