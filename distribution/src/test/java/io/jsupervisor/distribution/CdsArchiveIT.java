package io.jsupervisor.distribution;

import static io.jsupervisor.distribution.DistTree.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's class-data archive (bin/supervisord, {@code JSUPERVISOR_CDS}): the build makes one
 * for its tree and the daemon starts from it; a tree that moved starts without it and says
 * nothing about it; {@code JSUPERVISOR_CDS=make} makes one for the tree it is in, and
 * {@code JSUPERVISOR_CDS=off} ignores it. Where a class came from is read from the JVM's own
 * class-loading log.
 */
class CdsArchiveIT {
    private static final Path BUILT = Path.of(System.getProperty("jsupervisor.dist", "target/jsupervisor"))
            .toAbsolutePath();
    /** A class of the launcher's class path that every start loads, before the framework starts. */
    private static final String PROBE = "io.jsupervisor.config.ConfigReader ";

    @TempDir
    Path tmp;

    record Started(String classSource, String out, String err) {}

    @Test
    void theBuiltTreeHasAnArchiveAndStartsFromIt() throws Exception {
        Path jsa = BUILT.resolve("lib/daemon/supervisord.jsa");
        assertTrue(Files.size(jsa) > 1_000_000, "archive made by the build: " + jsa);
        assertEquals(BUILT.toString(), Files.readString(BUILT.resolve("lib/daemon/supervisord.jsa.home")).strip());
        Started s = start(BUILT, Map.of());
        assertTrue(s.classSource().contains("shared objects file"), s.classSource());
        assertQuiet(s);
        Started off = start(BUILT, Map.of("JSUPERVISOR_CDS", "off"));
        assertFalse(off.classSource().contains("shared objects file"), off.classSource());
    }

    @Test
    void aMovedTreeStartsWithoutItQuietlyAndMakeMakesItsOwn() throws Exception {
        try (DistTree tree = new DistTree(tmp)) {
            Started moved = start(tree.home, Map.of());
            assertFalse(moved.classSource().contains("shared objects file"), moved.classSource());
            assertQuiet(moved);

            // an environment variable, not an option: supervisord's command line stays the reference's
            ProcessBuilder pb = new ProcessBuilder(tree.home.resolve("bin/supervisord").toString())
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("make.out").toFile());
            pb.environment().put("JSUPERVISOR_CDS", "make");
            Process p = pb.start();
            assertTrue(p.waitFor(90, TimeUnit.SECONDS), "JSUPERVISOR_CDS=make ends by itself");
            assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("make.out")));
            assertEquals("", Files.readString(tmp.resolve("make.out")), "making the archive prints nothing");
            assertEquals(tree.home.toString(),
                    Files.readString(tree.home.resolve("lib/daemon/supervisord.jsa.home")).strip());
            Started again = start(tree.home, Map.of());
            assertTrue(again.classSource().contains("shared objects file"), again.classSource());
            assertQuiet(again);
        }
    }

    /** No CDS message reaches the daemon's own output, stale archive or not. */
    private static void assertQuiet(Started s) {
        for (String text : List.of(s.out(), s.err())) {
            assertFalse(text.toLowerCase().contains("cds") || text.toLowerCase().contains("shared archive")
                    || text.toLowerCase().contains("sharing"), text);
        }
        assertTrue(s.out().contains("supervisord started with pid"), s.out());
    }

    /** Starts {@code home}'s daemon in the foreground until it is up, stops it, and reads its class log. */
    private Started start(Path home, Map<String, String> env) throws Exception {
        Path run = Files.createTempDirectory(tmp, "run");
        Path conf = run.resolve("supervisord.conf");
        Files.writeString(conf, "[supervisord]\nlogfile=" + run.resolve("supervisord.log") + "\npidfile="
                + run.resolve("supervisord.pid") + "\nchildlogdir=" + run + "\n"
                + "[unix_http_server]\nfile=" + run.resolve("s.sock") + "\n"
                + "[rpcinterface:supervisor]\n"
                + "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n");
        Path classes = run.resolve("classes.txt");
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/supervisord").toString(), "-n", "-c", conf.toString())
                .redirectOutput(run.resolve("out.txt").toFile()).redirectError(run.resolve("err.txt").toFile());
        pb.environment().putAll(env);
        pb.environment().put("JSUPERVISOR_OPTS", "-Xlog:class+load=info:file=" + classes);
        Process p = pb.start();
        try {
            await("the daemon's start", 60, () -> read(run.resolve("out.txt")).contains("supervisord started with pid"));
        } finally {
            p.destroy(); // SIGTERM: an orderly stop
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        String source = Files.readAllLines(classes).stream().filter(l -> l.contains(PROBE)).findFirst()
                .orElse("no " + PROBE + "in the class log");
        return new Started(source, read(run.resolve("out.txt")), read(run.resolve("err.txt")));
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
