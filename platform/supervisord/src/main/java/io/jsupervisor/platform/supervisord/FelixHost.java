package io.jsupervisor.platform.supervisord;

import io.jsupervisor.api.config.SupervisorConfig;
import io.jsupervisor.launch.DaemonHost;
import io.jsupervisor.launch.LaunchOptions;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.felix.framework.Felix;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;

/**
 * Runs the daemon in this JVM: embeds Felix, registers {@link DaemonHost}, installs and starts
 * {@code <home>/bundle/*.jar}, keeps {@code <home>/deploy/}'s bundles live ({@link DeployWatcher}), routes POSIX
 * signals, and ends the JVM with the status the core asks for.
 */
final class FelixHost implements DaemonHost {
    /**
     * TERM INT QUIT HUP USR2, as the reference's setsignals() less CHLD: a handler per child
     * exit would cost a wake-up each. The core's reaper sees exits without the signal and logs
     * the reference's SIGCHLD line itself.
     */
    static final List<String> SIGNALS = List.of("TERM", "INT", "QUIT", "HUP", "USR2");

    /** How a daemon child reports to its waiting parent; null in the foreground. */
    interface Reporter {
        void ready();

        void failed(String message, int status);
    }

    private final LaunchOptions options;
    /** Handed to the core once: a core bundle started again (an update) reads the file itself. */
    private final java.util.concurrent.atomic.AtomicReference<SupervisorConfig> config;
    private final Path home;
    private final Reporter reporter;
    private final boolean debug = Boolean.getBoolean("jsupervisor.debug");
    private volatile SignalHandler signalHandler;
    private volatile boolean readyReported;
    private volatile int exitStatus;
    private volatile boolean stopping;
    private Framework framework;
    private Path storage;
    private final List<String> unhandledSignals = new ArrayList<>();
    private volatile DeployWatcher deployWatcher;
    /** systemd's notifications; silent unless systemd started us with a NOTIFY_SOCKET. */
    private final SystemdNotifier systemd = SystemdNotifier.fromEnvironment(System.getenv(),
            ProcessHandle.current().pid());

    /** Set by bin/supervisord when it makes its class-data archive: stop once ready. */
    static final boolean CDS_TRAINING = Boolean.getBoolean("jsupervisor.cds.training");

    /** How long a jar in deploy/ must sit still before it is installed (a copy in progress). */
    static final long DEPLOY_SETTLE_MILLIS = 200;

    /** @param config the config read before the framework started, or null for the core to read it */
    FelixHost(LaunchOptions options, SupervisorConfig config, Path home, Reporter reporter) {
        this.options = options;
        this.config = new java.util.concurrent.atomic.AtomicReference<>(config);
        this.home = home;
        this.reporter = reporter;
    }

    // ---- DaemonHost ----

    @Override
    public SupervisorConfig config() {
        return config.getAndSet(null);
    }

    @Override
    public LaunchOptions options() {
        return options;
    }

    @Override
    public synchronized void ready() {
        if (!readyReported) {
            readyReported = true;
            if (reporter != null) {
                reporter.ready();
            }
            if (CDS_TRAINING) {
                // bin/supervisord's archive run (JSUPERVISOR_CDS=make): the start-up's classes
                // are loaded now; the JVM writes them to the archive as it exits
                exit(0);
            }
        }
    }

    @Override
    public void fail(String message, int exitStatus) {
        synchronized (this) {
            if (reporter != null && !readyReported) {
                readyReported = true;
                reporter.failed(message, exitStatus);
            } else {
                System.err.println("Error: " + message);
                System.err.println("For help, use " + options.executable() + " -h");
                System.err.flush();
            }
        }
        exit(exitStatus);
    }

    @Override
    public void exit(int exitStatus) {
        // never stop the framework on the caller's thread: it may be a bundle's own thread
        Thread t = new Thread(() -> shutdown(exitStatus), "jsupervisor-exit");
        t.setDaemon(false);
        t.start();
    }

    @Override
    public void setSignalHandler(SignalHandler handler) {
        this.signalHandler = handler;
    }

    @Override
    public void serviceState(ServiceState state) {
        systemd.state(state);
    }

    @Override
    public void setLivenessCheck(java.util.function.BooleanSupplier check) {
        systemd.setLivenessCheck(check);
    }

    // ---- running ----

    /** Starts everything and blocks until the framework stops; returns the exit status. */
    int run() throws Exception {
        installSignals();
        systemd.start();
        storage = Files.createTempDirectory("jsupervisor-felix-");
        Runtime.getRuntime().addShutdownHook(new Thread(this::emergencyStop, "jsupervisor-cleanup"));

        Map<String, Object> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA,
                SystemPackages.extra(classPathJars()));
        config.put("felix.shutdown.hook", "false");
        // Felix keeps every bundle jar (and the jars embedded in them) open for the daemon's life,
        // a dozen descriptors counted against the limit its programs share. One open at a time:
        // the others are closed and reopened when a class or resource is next read from them
        // (rare once the daemon is up; -Djsupervisor.felix.filelimit=0 keeps them all open).
        config.put("felix.cache.filelimit", System.getProperty("jsupervisor.felix.filelimit", "1"));
        // the cache is a fresh private temp dir per run: no other framework can share it, so
        // its lock file (held open for good) protects nothing
        config.put("felix.cache.locking", "false");
        // resolve on the calling thread: a dozen bundles gain nothing from a resolver thread
        // pool, and its two idle threads cost memory for the daemon's whole life
        config.put("felix.resolver.parallelism", "1");
        Path deploy = home.resolve("deploy");
        Files.createDirectories(deploy);

        framework = new Felix(config);
        framework.init();
        BundleContext ctx = framework.getBundleContext();
        ctx.addFrameworkListener(ev -> {
            if (ev.getType() == FrameworkEvent.ERROR) {
                String b = ev.getBundle() == null ? "?" : ev.getBundle().getSymbolicName();
                System.err.println("jsupervisor: bundle " + b + ": "
                        + (ev.getThrowable() == null ? "error" : describe(ev.getThrowable())));
            }
        });
        ctx.registerService(DaemonHost.class, this, null);
        framework.start();

        List<Bundle> installed = new ArrayList<>();
        List<Path> jars;
        try (Stream<Path> s = Files.list(home.resolve("bundle"))) {
            jars = s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
        for (Path jar : jars) {
            try {
                installed.add(ctx.installBundle(jar.toUri().toString()));
            } catch (BundleException e) {
                System.err.println("jsupervisor: cannot install " + jar.getFileName() + ": " + describe(e));
            }
        }
        List<String> failures = new ArrayList<>();
        for (Bundle b : installed) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
                continue;
            }
            try {
                b.start();
            } catch (BundleException e) {
                failures.add(b.getSymbolicName() + " " + b.getVersion() + ": " + describe(e));
            }
        }
        for (String f : failures) {
            System.err.println("jsupervisor: bundle failed to start: " + f);
        }
        if (debug) {
            StringBuilder sb = new StringBuilder("jsupervisor: bundle states:\n");
            for (Bundle b : ctx.getBundles()) {
                sb.append(String.format("  %-3d %-9s %s %s%n", b.getBundleId(), state(b.getState()),
                        b.getSymbolicName(), b.getVersion()));
            }
            if (!unhandledSignals.isEmpty()) {
                sb.append("  signals not handled by this JVM: ").append(unhandledSignals).append('\n');
            }
            System.err.print(sb);
            System.err.flush();
        }
        // after bundle/, as an extension needs the core's packages and services
        deployWatcher = new DeployWatcher(ctx, deploy, new DeployWatcher.Report() {
            @Override
            public void problem(String message) {
                System.err.println("jsupervisor: " + message);
                System.err.flush();
            }

            @Override
            public void info(String message) {
                if (debug) {
                    problem(message);
                }
            }
        }, DEPLOY_SETTLE_MILLIS);
        try {
            deployWatcher.start();
        } catch (IOException e) {
            System.err.println("jsupervisor: cannot watch " + deploy + ": " + describe(e));
        }
        if (!failures.isEmpty() && reporter != null && !readyReported) {
            // a daemon whose bundles cannot start would hang its parent: report and stop
            fail("cannot start bundles: " + String.join("; ", failures), 1);
        }

        FrameworkEvent ev = framework.waitForStop(0);
        deployWatcher.close();
        deleteStorage();
        if (ev.getType() == FrameworkEvent.ERROR && exitStatus == 0) {
            return 1;
        }
        return exitStatus;
    }

    /**
     * The jars whose packages the framework exports: the class path's, or, when bin/supervisord
     * runs the daemon on lib/daemon/'s single merged jar, the separate jars it was made of
     * ({@code jsupervisor.classpath.jars}), whose manifests carry the Export-Package headers.
     */
    static String classPathJars() {
        String merged = System.getProperty("jsupervisor.classpath.jars");
        return merged != null && !merged.isEmpty() ? merged : System.getProperty("java.class.path", "");
    }

    /** Stops the framework; {@link #run()} then returns {@code status}. */
    void shutdown(int status) {
        synchronized (this) {
            if (stopping) {
                return;
            }
            stopping = true;
            exitStatus = status;
        }
        DeployWatcher watcher = deployWatcher;
        if (watcher != null) {
            watcher.close(); // no installs while bundles stop
        }
        systemd.close();
        try {
            if (framework != null) {
                framework.stop();
            } else {
                System.exit(status);
            }
        } catch (BundleException e) {
            System.err.println("jsupervisor: stopping the framework: " + describe(e));
            System.exit(status);
        }
    }

    private void emergencyStop() {
        // System.exit from elsewhere (or a fatal error): still stop bundles and clean up
        try {
            if (framework != null && (framework.getState() & (Bundle.ACTIVE | Bundle.STARTING)) != 0) {
                framework.stop();
                framework.waitForStop(10_000);
            }
        } catch (Exception e) {
            // nothing more to do while the JVM ends
        }
        deleteStorage();
    }

    private synchronized void deleteStorage() {
        if (storage == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(storage)) {
            s.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // best effort
        }
        storage = null;
    }

    private void installSignals() {
        // bin/supervisord blocks these before the JVM starts (see SignalWaiter): QUIT included
        if ("sigwait".equals(System.getProperty("jsupervisor.signals"))) {
            SignalWaiter.startInBackground(SIGNALS, this::onSignal, problem -> {
                System.err.println("jsupervisor: " + problem);
                System.err.flush();
            });
            return;
        }
        List<String> waited = SignalWaiter.startForBlocked(SIGNALS, this::onSignal);
        for (String name : SIGNALS) {
            if (waited.contains(name)) {
                continue;
            }
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> onSignal(name));
            } catch (IllegalArgumentException e) {
                unhandledSignals.add(name); // without bin/supervisord's start QUIT belongs to the JVM
            }
        }
    }

    private void onSignal(String name) {
        SignalHandler h = signalHandler;
        if (h != null) {
            h.onSignal(name);
        } else if (name.equals("TERM") || name.equals("INT") || name.equals("QUIT")) {
            exit(0);
        }
    }

    static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder(String.valueOf(t.getMessage()));
        for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            sb.append(" (").append(c.getMessage()).append(')');
        }
        return sb.toString();
    }

    static String state(int s) {
        return switch (s) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            default -> Integer.toString(s);
        };
    }
}
