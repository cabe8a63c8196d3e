package io.jsupervisor.platform.supervisord;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Keeps the bundles of {@code deploy/} installed and started: a jar that appears is installed and
 * started, one that changes is updated, one that goes is uninstalled, each followed by a package
 * refresh so that importers rewire.
 *
 * <p>It is woken by the file system (inotify, through {@link WatchService}) and sleeps otherwise:
 * an idle daemon has no thread scanning the directory. A jar is looked at only once it has had
 * no event for {@link #settleMillis} and its size and time stamp held still, so a copy in progress
 * is never installed half-written; a file that is still not a readable jar is reported once and
 * looked at again when it next changes.
 */
final class DeployWatcher implements AutoCloseable {
    /** Where the watcher's messages go. */
    interface Report {
        /** Something the user must hear of: a jar refused, a bundle that failed to start. */
        void problem(String message);

        /** What was done, for a debugging user. */
        void info(String message);
    }

    /** What is installed (or was refused) from one file, and the file's state at that time. */
    private record Seen(long size, long modified, Bundle bundle) {
    }

    private final BundleContext context;
    private final Path dir;
    private final Report report;
    private final long settleMillis;
    private final Map<String, Seen> seen = new HashMap<>();
    /** A file waiting to be still: when it may be looked at, and how it looked when armed. */
    private record Pending(long dueNanos, String stamp) {
    }

    /** File name -> its wait. */
    private final Map<String, Pending> pending = new HashMap<>();
    private WatchService watchService;
    private Thread thread;

    DeployWatcher(BundleContext context, Path dir, Report report, long settleMillis) {
        this.context = context;
        this.dir = dir;
        this.report = report;
        this.settleMillis = settleMillis;
    }

    /** Installs what the directory holds now, then follows its changes on a thread of its own. */
    void start() throws IOException {
        watchService = dir.getFileSystem().newWatchService();
        // registered before the first listing, so that nothing copied in between is missed
        dir.register(watchService, StandardWatchEventKinds.ENTRY_CREATE,
                StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
        List<Bundle> installed = new ArrayList<>();
        for (String name : listJars()) {
            Bundle b = sync(name);
            if (b != null) {
                installed.add(b);
            }
        }
        for (Bundle b : installed) {
            startBundle(b);
        }
        thread = new Thread(this::run, "jsupervisor-deploy");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        try {
            if (watchService != null) {
                watchService.close(); // ends run() with ClosedWatchServiceException
            }
        } catch (IOException e) {
            // nothing left to release
        }
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        try {
            while (true) {
                WatchKey key;
                long wait = nextDeadlineMillis();
                if (wait < 0) {
                    key = watchService.take();
                } else {
                    key = watchService.poll(wait, TimeUnit.MILLISECONDS);
                }
                if (key != null) {
                    boolean overflow = false;
                    for (WatchEvent<?> ev : key.pollEvents()) {
                        if (ev.kind() == StandardWatchEventKinds.OVERFLOW) {
                            overflow = true;
                        } else if (ev.context() instanceof Path p && isJarName(p.toString())) {
                            arm(p.toString());
                        }
                    }
                    if (overflow) {
                        // events were lost: look at everything, present or remembered
                        TreeSet<String> all = new TreeSet<>(seen.keySet());
                        all.addAll(listJars());
                        for (String name : all) {
                            arm(name);
                        }
                    }
                    if (!key.reset()) {
                        report.problem("deploy directory " + dir + " is gone; no longer watching it");
                        return;
                    }
                }
                settleDue();
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // closed: the framework is stopping
        } catch (RuntimeException | IOException e) {
            report.problem("watching " + dir + " failed: " + FelixHost.describe(e));
        }
    }

    /** Looks at the file once it has been still for the settle interval from now. */
    private void arm(String name) throws IOException {
        pending.put(name, new Pending(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settleMillis), stamp(name)));
    }

    /** Size and time stamp of a file in the directory ("gone" if it is not there). */
    private String stamp(String name) throws IOException {
        BasicFileAttributes a = attributes(dir.resolve(name));
        return a == null ? "gone" : a.size() + "@" + a.lastModifiedTime().toMillis();
    }

    /** Milliseconds until the earliest pending file is due (at least 1), or -1 if none. */
    private long nextDeadlineMillis() {
        if (pending.isEmpty()) {
            return -1;
        }
        long now = System.nanoTime();
        long min = Long.MAX_VALUE;
        for (Pending p : pending.values()) {
            min = Math.min(min, p.dueNanos() - now);
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(min + 999_999));
    }

    private void settleDue() throws IOException {
        long now = System.nanoTime();
        for (String name : new TreeSet<>(pending.keySet())) {
            Pending p = pending.get(name);
            if (p.dueNanos() - now > 0) {
                continue;
            }
            if (!stamp(name).equals(p.stamp())) {
                arm(name); // it moved since the last look: give it another quiet interval
                continue;
            }
            pending.remove(name);
            Bundle b = sync(name);
            if (b != null) {
                startBundle(b);
            }
        }
    }

    /**
     * Brings one file's bundle in line with the file. Returns a bundle to start (newly installed
     * or updated), or null.
     */
    private Bundle sync(String name) throws IOException {
        Path file = dir.resolve(name);
        BasicFileAttributes a = attributes(file);
        Seen before = seen.get(name);
        if (a == null || !a.isRegularFile()) {
            if (before != null) {
                seen.remove(name);
                if (before.bundle() != null) {
                    uninstall(name, before.bundle());
                }
            }
            return null;
        }
        long size = a.size();
        long modified = a.lastModifiedTime().toMillis();
        if (before != null && before.size() == size && before.modified() == modified) {
            return null; // touched without a change, or refused already in this form
        }
        String notJar = checkJar(file);
        if (notJar != null) {
            report.problem("cannot deploy " + file + ": " + notJar);
            seen.put(name, new Seen(size, modified, before == null ? null : before.bundle()));
            return null;
        }
        Bundle bundle = before == null ? null : before.bundle();
        try (InputStream in = Files.newInputStream(file)) {
            if (bundle == null || bundle.getState() == Bundle.UNINSTALLED) {
                bundle = context.installBundle(file.toUri().toString(), in);
            } else {
                bundle.update(in);
                refresh(bundle);
            }
        } catch (BundleException | IllegalStateException e) {
            report.problem("cannot deploy " + file + ": " + FelixHost.describe(e));
            seen.put(name, new Seen(size, modified, bundle));
            return null;
        }
        seen.put(name, new Seen(size, modified, bundle));
        report.info("deployed " + name + " as " + bundle.getSymbolicName() + " " + bundle.getVersion());
        return bundle;
    }

    private void startBundle(Bundle b) {
        if (b.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
            return;
        }
        try {
            b.start();
        } catch (BundleException | IllegalStateException e) {
            report.problem("bundle " + b.getSymbolicName() + " from " + b.getLocation()
                    + " failed to start: " + FelixHost.describe(e));
        }
    }

    private void uninstall(String name, Bundle b) {
        try {
            b.uninstall();
            refresh(b);
        } catch (BundleException | IllegalStateException e) {
            report.problem("cannot undeploy " + name + ": " + FelixHost.describe(e));
        }
    }

    private void refresh(Bundle b) {
        FrameworkWiring wiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        wiring.refreshBundles(List.of(b));
    }

    /** Why the file is not a readable jar, or null if it is one. */
    private static String checkJar(Path file) {
        try (JarFile jar = new JarFile(file.toFile())) {
            if (jar.getManifest() == null) {
                return "no META-INF/MANIFEST.MF";
            }
            return null;
        } catch (IOException e) {
            return "not a readable jar (" + e.getMessage() + ")";
        }
    }

    private List<String> listJars() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(DeployWatcher::isJarName).sorted().toList();
        }
    }

    /** Jars only; names starting with a dot are the temporary files of editors and copy tools. */
    static boolean isJarName(String name) {
        return name.endsWith(".jar") && !name.startsWith(".");
    }

    private static BasicFileAttributes attributes(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
