package io.jsupervisor.platform.supervisord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import org.apache.felix.framework.Felix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;

/** {@link DeployWatcher} against a real Felix framework and real files in a real directory. */
class DeployWatcherTest {
    @TempDir
    Path tmp;
    private Path deploy;
    private Framework framework;
    private DeployWatcher watcher;
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void startFramework() throws Exception {
        deploy = Files.createDirectories(tmp.resolve("deploy"));
        Map<String, Object> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, tmp.resolve("cache").toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        framework = new Felix(config);
        framework.start();
    }

    @AfterEach
    void stopFramework() throws Exception {
        if (watcher != null) {
            watcher.close();
        }
        framework.stop();
        framework.waitForStop(10_000);
    }

    private void startWatcher() throws IOException {
        watcher = new DeployWatcher(framework.getBundleContext(), deploy, new DeployWatcher.Report() {
            @Override
            public void problem(String message) {
                problems.add(message);
            }

            @Override
            public void info(String message) {
            }
        }, 100);
        watcher.start();
    }

    @Test
    void jarsPresentAtStartAreInstalledAndStarted() throws Exception {
        Files.write(deploy.resolve("a.jar"), bundleJar("test.a", "1.0.0"));
        Files.write(deploy.resolve("b.jar"), bundleJar("test.b", "1.0.0"));
        Files.writeString(deploy.resolve("notes.txt"), "not a bundle");
        startWatcher();
        // start() returns with them active: nothing to wait for
        assertEquals(Bundle.ACTIVE, bundle("test.a").getState());
        assertEquals(Bundle.ACTIVE, bundle("test.b").getState());
        assertEquals(3, framework.getBundleContext().getBundles().length, "system bundle + a + b");
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void aJarCopiedInStartsAReplacementUpdatesItAndRemovalUninstallsIt() throws Exception {
        startWatcher();
        Files.write(deploy.resolve("plugin.jar"), bundleJar("test.plugin", "1.0.0"));
        await("installed", () -> bundle("test.plugin") != null && bundle("test.plugin").getState() == Bundle.ACTIVE);
        long id = bundle("test.plugin").getBundleId();

        // replaced the way a careful deployer does it: written aside, then renamed over
        Path aside = Files.write(tmp.resolve("plugin.jar.new"), bundleJar("test.plugin", "2.0.0"));
        Files.move(aside, deploy.resolve("plugin.jar"), StandardCopyOption.REPLACE_EXISTING);
        await("updated to 2.0.0", () -> bundle("test.plugin") != null
                && bundle("test.plugin").getVersion().toString().equals("2.0.0"));
        assertEquals(id, bundle("test.plugin").getBundleId(), "updated in place, not installed again");
        await("active after the update", () -> bundle("test.plugin").getState() == Bundle.ACTIVE);

        Files.delete(deploy.resolve("plugin.jar"));
        await("uninstalled", () -> bundle("test.plugin") == null);
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void aJarStillBeingWrittenIsNotInstalledUntilComplete() throws Exception {
        startWatcher();
        byte[] jar = bundleJar("test.slow", "1.0.0");
        Path target = deploy.resolve("slow.jar");
        try (OutputStream out = Files.newOutputStream(target)) {
            // 16 pieces 50 ms apart: 800 ms of writing, longer than the 100 ms settle each time
            int piece = (jar.length + 15) / 16;
            for (int off = 0; off < jar.length; off += piece) {
                out.write(jar, off, Math.min(piece, jar.length - off));
                out.flush();
                Thread.sleep(50);
                assertNull(bundle("test.slow"), "installed while the copy was in progress");
            }
        }
        await("installed once complete", () -> bundle("test.slow") != null
                && bundle("test.slow").getState() == Bundle.ACTIVE);
        assertTrue(problems.isEmpty(), "a half-written jar was reported: " + problems);
    }

    @Test
    void aBrokenJarIsReportedOnceAndInstalledWhenFixed() throws Exception {
        startWatcher();
        Path target = deploy.resolve("broken.jar");
        Files.writeString(target, "this is not a zip file");
        await("a problem reported", () -> !problems.isEmpty());
        assertTrue(problems.get(0).contains(target.toString()) && problems.get(0).contains("not a readable jar"),
                problems.toString());
        Thread.sleep(400);
        assertEquals(1, problems.size(), "reported once: " + problems);

        Files.write(target, bundleJar("test.fixed", "1.0.0"));
        await("installed after the fix", () -> bundle("test.fixed") != null
                && bundle("test.fixed").getState() == Bundle.ACTIVE);
    }

    @Test
    void aBundleThatCannotResolveIsReportedAndTheWatcherCarriesOn() throws Exception {
        startWatcher();
        Manifest m = manifest("test.needy", "1.0.0");
        m.getMainAttributes().putValue(Constants.IMPORT_PACKAGE, "no.such.pkg");
        Files.write(deploy.resolve("needy.jar"), jar(m));
        await("start failure reported", () -> problems.stream().anyMatch(p -> p.contains("test.needy")
                && p.contains("failed to start")));
        assertEquals(Bundle.INSTALLED, bundle("test.needy").getState());

        Files.write(deploy.resolve("fine.jar"), bundleJar("test.fine", "1.0.0"));
        await("the next jar still deployed", () -> bundle("test.fine") != null
                && bundle("test.fine").getState() == Bundle.ACTIVE);
    }

    private Bundle bundle(String bsn) {
        for (Bundle b : framework.getBundleContext().getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    private static Manifest manifest(String bsn, String version) {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        a.putValue(Constants.BUNDLE_SYMBOLICNAME, bsn);
        a.putValue(Constants.BUNDLE_VERSION, version);
        return m;
    }

    /** A bundle with some content, so that a partial copy really is a truncated zip. */
    private static byte[] bundleJar(String bsn, String version) throws IOException {
        return jar(manifest(bsn, version));
    }

    private static byte[] jar(Manifest m) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, m)) {
            out.putNextEntry(new ZipEntry("data/filler.txt"));
            for (int i = 0; i < 2000; i++) {
                out.write(("line " + i + " of filler so the jar has some length\n").getBytes());
            }
            out.closeEntry();
        }
        assertNotNull(m.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME));
        return bytes.toByteArray();
    }
}
