package io.jsupervisor.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import io.jsupervisor.distribution.DistTree.Run;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the built distribution tree (a private copy of it) with real processes. */
class SupervisordIT {
    @TempDir
    Path tmp;

    private DistTree tree;
    private Path home;

    @BeforeEach
    void copyTree() throws IOException {
        tree = new DistTree(tmp);
        home = tree.home;
    }

    @AfterEach
    void killLeftovers() throws Exception {
        tree.close();
    }

    private Path config(String extra) throws IOException {
        return tree.config(extra);
    }

    private Run start(List<String> args, String jvmOpts) throws IOException {
        return tree.start(args, jvmOpts);
    }

    private static void await(String what, long seconds, BooleanSupplier cond) throws InterruptedException {
        DistTree.await(what, seconds, cond);
    }

    private Run foregroundWithBundleStates() throws Exception {
        Path conf = config("");
        Run r = start(List.of("-n", "-c", conf.toString()), "-Djsupervisor.debug=true");
        await("bundle states on stderr", 20, () -> r.err().toString().contains("bundle states:")
                && r.err().toString().contains("io.jsupervisor.core") || !r.process().isAlive());
        assertTrue(r.process().isAlive(), () -> "ended early: " + r.err());
        return r;
    }

    @Test
    void foregroundStartsAllBundlesActiveAndTermEndsWithZero() throws Exception {
        Run r = foregroundWithBundleStates();
        String err = r.err().toString();
        List<String> states = err.lines().filter(l -> l.matches("\\s+\\d+\\s+\\S+\\s+\\S+ .*")).toList();
        System.out.println(String.join("\n", states));
        for (String bsn : List.of("org.apache.felix.framework", "org.apache.felix.scr",
                "org.osgi.service.component", "org.osgi.util.promise", "org.osgi.util.function", "io.jsupervisor.api",
                "io.jsupervisor.core")) {
            assertTrue(states.stream().anyMatch(l -> l.contains(" " + bsn + " ")), bsn + " missing in\n" + err);
        }
        for (String l : states) {
            assertTrue(l.contains(" ACTIVE "), "not active: " + l);
        }
        assertFalse(err.contains("failed to start"), err);

        r.process().destroy(); // SIGTERM
        assertTrue(r.process().waitFor(20, TimeUnit.SECONDS), "did not stop on SIGTERM");
        assertEquals(0, r.process().exitValue(), r.err().toString());
    }

    @Test
    void bundleDroppedIntoDeployStartsAndStopsWhenRemoved() throws Exception {
        Path marker = tmp.resolve("marker");
        Path jar = fixtureBundle(marker);
        Run r = foregroundWithBundleStates();

        Path deployed = home.resolve("deploy/marker-bundle.jar");
        Files.copy(jar, deployed);
        await("marker written by the deployed bundle", 10, () -> Files.exists(marker));
        Files.delete(deployed);
        await("marker removed when the bundle is undeployed", 10, () -> !Files.exists(marker));

        r.process().destroy();
        assertTrue(r.process().waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, r.process().exitValue(), r.err().toString());
    }

    @Test
    void daemonizesReturnsZeroOnceReadyInItsOwnSessionAndStopsOnTerm() throws Exception {
        Path conf = config("");
        Run r = start(List.of("-c", conf.toString()), null);
        assertTrue(r.process().waitFor(30, TimeUnit.SECONDS), "parent did not return");
        assertEquals(0, r.process().exitValue(), r.err().toString());
        Path pidfile = tmp.resolve("supervisord.pid");
        assertTrue(Files.exists(pidfile), "pidfile must exist when the parent returns");
        long pid = Long.parseLong(Files.readString(pidfile).strip());
        ProcessHandle daemon = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("daemon not running"));
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields after the name: state ppid pgrp session
        assertEquals(String.valueOf(pid), f[3], "daemon must lead its own session: " + stat);
        assertEquals(String.valueOf(pid), f[2], "and its own process group");
        assertTrue(Files.readString(Path.of("/proc/" + pid + "/cmdline")).contains("Supervisord"));

        new ProcessBuilder("kill", "-TERM", String.valueOf(pid)).start().waitFor();
        assertTrue(daemon.onExit().get(20, TimeUnit.SECONDS) != null);
        await("daemon gone", 5, () -> !daemon.isAlive());
    }

    @Test
    void configErrorPrintsErrorAndExitsTwoWithoutADaemon() throws Exception {
        Path conf = tmp.resolve("bad.conf");
        Files.writeString(conf, "[supervisord]\nloglevel=bogus\npidfile=" + tmp.resolve("bad.pid") + "\n");
        Run r = start(List.of("-c", conf.toString()), null);
        assertTrue(r.process().waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, r.process().exitValue());
        String err = r.err().toString();
        assertTrue(err.startsWith("Error: "), err);
        assertTrue(err.endsWith("For help, use " + home.resolve("bin/supervisord") + " -h\n"), err);
        assertFalse(Files.exists(tmp.resolve("bad.pid")));
        assertTrue(ProcessHandle.allProcesses().noneMatch(p -> p.info().arguments()
                .map(a -> List.of(a).contains(conf.toString())).orElse(false)), "a daemon was left behind");
    }

    @Test
    void listeningUnixSocketIsRefused() throws Exception {
        Path sock = tmp.resolve("supervisor.sock");
        try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            other.bind(UnixDomainSocketAddress.of(sock));
            Path conf = config("[unix_http_server]\nfile=" + sock + "\n");
            Run r = start(List.of("-c", conf.toString()), null);
            assertTrue(r.process().waitFor(30, TimeUnit.SECONDS));
            assertEquals(2, r.process().exitValue());
            assertEquals("Error: Another program is already listening on a port that one of our HTTP servers is "
                    + "configured to use.  Shut this program down first before starting supervisord.\n"
                    + "For help, use " + home.resolve("bin/supervisord") + " -h\n", r.err().toString());
        }
    }

    @Test
    void takenInetPortIsRefused() throws Exception {
        try (ServerSocket other = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            Path conf = config("[inet_http_server]\nport=127.0.0.1:" + other.getLocalPort() + "\n");
            Run r = start(List.of("-n", "-c", conf.toString()), null);
            assertTrue(r.process().waitFor(30, TimeUnit.SECONDS));
            assertEquals(2, r.process().exitValue());
            assertTrue(r.err().toString().startsWith("Error: Another program is already listening"), r.err().toString());
        }
    }

    @Test
    void helpVersionAndBadOption() throws Exception {
        Run v = start(List.of("-v"), null);
        assertEquals(0, v.process().waitFor());
        Thread.sleep(100);
        assertEquals("4.2.5\n", v.out().toString());
        Run h = start(List.of("-h"), null);
        assertEquals(0, h.process().waitFor());
        Thread.sleep(100);
        assertTrue(h.out().toString().startsWith("supervisord -- run a set of applications as daemons.\n\nUsage: "
                + home.resolve("bin/supervisord") + " [options]\n"), h.out().toString());
        Run x = start(List.of("-nx"), null);
        assertEquals(2, x.process().waitFor());
        Thread.sleep(100);
        assertEquals("Error: option -x not recognized\nFor help, use " + home.resolve("bin/supervisord") + " -h\n",
                x.err().toString());
    }

    @Test
    void defaultConfigIsFoundNextToBin() throws Exception {
        // ../etc/supervisord.conf relative to bin/: the embedded default config works out of the box
        Run ok = start(List.of("-n"), null);
        Path pid = home.resolve("var/run/supervisord.pid");
        await("default config's pidfile", 20, () -> Files.exists(pid) || !ok.process().isAlive());
        assertTrue(ok.process().isAlive(), ok.err().toString());
        ok.process().destroy();
        assertTrue(ok.process().waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, ok.process().exitValue(), ok.err().toString());
    }

    /** A test bundle (not a product bundle) whose activator writes/removes {@code marker}. */
    private Path fixtureBundle(Path marker) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("fixture-src/fixture"));
        Files.writeString(src.resolve("Activator.java"), """
                package fixture;
                import java.nio.file.*;
                import org.osgi.framework.*;
                public class Activator implements BundleActivator {
                    static final Path MARKER = Paths.get("%s");
                    public void start(BundleContext c) throws Exception { Files.write(MARKER, "started".getBytes()); }
                    public void stop(BundleContext c) throws Exception { Files.deleteIfExists(MARKER); }
                }
                """.formatted(marker.toString().replace("\\", "\\\\")));
        Path classes = Files.createDirectories(tmp.resolve("fixture-classes"));
        Path felix;
        try (Stream<Path> s = Files.list(home.resolve("lib"))) {
            felix = s.filter(p -> p.getFileName().toString().startsWith("org.apache.felix.framework")).findFirst()
                    .orElseThrow();
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "--release", "11", "-cp", felix.toString(), "-d", classes.toString(),
                src.resolve("Activator.java").toString());
        assertEquals(0, rc);
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "jsupervisor.test.marker");
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Bundle-Activator", "fixture.Activator");
        a.putValue("Import-Package", "org.osgi.framework");
        Path jar = tmp.resolve("marker-bundle.jar");
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(os, mf)) {
            jos.putNextEntry(new JarEntry("fixture/Activator.class"));
            jos.write(Files.readAllBytes(classes.resolve("fixture/Activator.class")));
            jos.closeEntry();
        }
        return jar;
    }
}
