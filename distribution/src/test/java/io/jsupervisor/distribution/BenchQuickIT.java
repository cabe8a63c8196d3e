package io.jsupervisor.distribution;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, "Tests that must exist": the side-by-side benchmark's short mode,
 * {@code bench/run --quick --check}, against the built distribution. It checks the benchmark's
 * own correctness only: every metric produced a number for both daemons and no daemon or child
 * was left running ({@code --check} turns either into exit status 1). The numbers themselves are
 * never asserted.
 */
class BenchQuickIT {
    static final Path REF_D = Path.of("/usr/bin/supervisord");
    static final Path REF_CTL = Path.of("/usr/bin/supervisorctl");
    static final long TIMEOUT_S = 240;

    /** Rows the report must hold (one per scenario), so that a scenario cannot silently vanish. */
    static final List<String> ROWS = List.of(
            "cold start, 1 program",
            "start-up: getProcessInfo(p0) RUNNING",
            "start 100 programs",
            "RSS, 100 children",
            "idle CPU, 100 children",
            "getAllProcessInfo, 100 RUNNING",
            "getProcessInfo p99",
            "stop 100 programs",
            "RSS, 0 children",
            "restart latency, SIGKILL to new pid RUNNING",
            "log throughput, 20 MiB stdout",
            "log: daemon CPU per 100 MiB logged",
            "log: bytes lost",
            "event latency, startProcess call to listener",
            "supervisorctl status wall, 100 programs");

    @TempDir
    Path tmp;

    @Test
    void quickCheckProducesEveryMetricAndLeavesNothingRunning() throws Exception {
        assumeTrue(Files.isExecutable(REF_D) && Files.isExecutable(REF_CTL),
                "the reference supervisor is not installed");
        Path base = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        Path bench = base.resolveSibling("bench").resolve("run");
        if (!Files.isRegularFile(bench)) {
            bench = base.resolve("bench").resolve("run");       // run from the repository root
        }
        assumeTrue(Files.isRegularFile(bench), "bench/run not found from " + base);
        Path dist = Path.of(System.getProperty("jsupervisor.dist", "target/jsupervisor"))
                .toAbsolutePath();
        Path out = tmp.resolve("bench.out");
        Path err = tmp.resolve("bench.err");
        Process p = new ProcessBuilder("python3", bench.toString(), "--quick", "--check",
                "--ours", dist.resolve("bin/supervisord").toString(),
                "--ours-ctl", dist.resolve("bin/supervisorctl").toString())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            // the harness gets no chance to clean up: kill everything it started
            List<ProcessHandle> all = p.descendants().toList();
            p.destroyForcibly();
            all.forEach(ProcessHandle::destroyForcibly);
            p.waitFor(10, TimeUnit.SECONDS);
            fail("bench/run --quick --check did not finish within " + TIMEOUT_S + " s\n"
                    + read(out) + "\n--- stderr ---\n" + read(err));
        }
        String report = read(out);
        String context = "\n--- report ---\n" + report + "\n--- stderr ---\n" + read(err);
        assertAll(
                () -> assertEquals(0, p.exitValue(),
                        "bench/run --quick --check exit status (1 = a metric gave no number "
                                + "or a process was left over)" + context),
                () -> assertTrue(report.contains("leftover processes after each run: none"),
                        "leftover processes" + context),
                () -> {
                    for (String row : ROWS) {
                        assertTrue(report.lines().anyMatch(l -> l.startsWith(row)),
                                "no row '" + row + "' in the report" + context);
                    }
                });
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }
}
