package io.jsupervisor.core.internal.daemon;

import io.jsupervisor.api.config.ConfigException;
import io.jsupervisor.api.config.SupervisorConfig;
import io.jsupervisor.api.config.SupervisordSettings;
import io.jsupervisor.api.log.DaemonLog;
import io.jsupervisor.api.log.LogHandler;
import io.jsupervisor.api.process.ProcessManager;
import io.jsupervisor.api.process.SupervisorState;
import io.jsupervisor.config.ConfigEnvironment;
import io.jsupervisor.config.ConfigReader;
import io.jsupervisor.api.event.EventListener;
import io.jsupervisor.core.internal.engine.CgroupsUnavailableException;
import io.jsupervisor.core.internal.engine.Engine;
import io.jsupervisor.core.internal.event.EventBus;
import io.jsupervisor.core.internal.log.ActivityLog;
import io.jsupervisor.core.internal.log.ChildLogDir;
import io.jsupervisor.core.internal.log.LogHandlers;
import io.jsupervisor.launch.DaemonHost;
import io.jsupervisor.launch.LaunchOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import jnr.posix.Passwd;
import jnr.posix.RLimit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The daemon's life: read the config, open the activity log, start the engine, write the pidfile,
 * tell the launcher we are up, and on SIGHUP do it all again, as the reference's main loop does.
 * Runs on its own thread so that activation returns at once.
 */
@Component(immediate = true)
public final class DaemonComponent {
    private static final String ROOT_WARNING = "Supervisor is running as root.  Privileges were not dropped "
            + "because no user is specified in the config file.  If you intend to run as root, you can set "
            + "user=root in the config file to avoid this message.";

    /** How long start-up waits for the HTTP servers (served by another bundle) to accept. */
    private static final long SERVER_WAIT_MILLIS = 10_000;

    private final DaemonHost host;
    private final BundleContext bundleContext;
    private final Thread main;
    private final CompletableFuture<POSIX> posix;
    private volatile Engine engine;
    private volatile boolean deactivating;
    /** A config already read and checked by a SIGHUP, for the restart to use. */
    private volatile SupervisorConfig reloaded;
    /** In-JVM event listeners, kept across restarts. */
    private final EventBus bus = new EventBus();
    /** Bundles' log destinations (syslog, ...), kept across restarts. */
    private final LogHandlers logHandlers = new LogHandlers();
    private volatile int exitStatus;
    /** READY/RELOADING/STOPPING and liveness for the launcher's service manager. */
    private final ServiceReporter service;

    @Activate
    public DaemonComponent(@Reference DaemonHost host, BundleContext bundleContext) {
        this.host = host;
        this.bundleContext = bundleContext;
        // Loading jnr's native stubs costs a few hundred ms: do it while the config is read.
        this.posix = CompletableFuture.supplyAsync(POSIXFactory::getNativePOSIX);
        this.service = new ServiceReporter(host, bus, () -> engine);
        this.main = new Thread(this::run, "jsupervisor-main");
        this.main.start();
    }

    /** An in-JVM listener arrived (a bundle in deploy/ included): it hears events from now on. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            service = EventListener.class)
    void bindEventListener(EventListener listener, Map<String, Object> properties) {
        Object types = properties.get(EventListener.TYPES_PROPERTY);
        String name = String.valueOf(properties.getOrDefault("component.name",
                properties.getOrDefault("service.id", listener.getClass().getName())));
        bus.addListener(listener, EventBus.parseTypes(types,
                unknown -> warn("event listener " + name + " subscribes to unknown event type " + unknown)), name);
    }

    void unbindEventListener(EventListener listener) {
        bus.removeListener(listener);
    }

    /** A log destination arrived: activity lines and syslog-flagged child output reach it. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            service = LogHandler.class)
    void bindLogHandler(LogHandler handler, Map<String, Object> properties) {
        logHandlers.add(handler, "true".equals(String.valueOf(properties.get(LogHandler.ALL_CHILD_OUTPUT_PROPERTY))));
    }

    void unbindLogHandler(LogHandler handler) {
        logHandlers.remove(handler);
    }

    private void warn(String message) {
        Engine e = engine;
        if (e != null) {
            e.log().warn(message);
        } else {
            System.err.println("jsupervisor: " + message);
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        deactivating = true;
        Engine e = engine;
        if (e != null) {
            e.shutdown();
        }
        main.join(TimeUnit.SECONDS.toMillis(30));
        service.close();
        bus.close();
        logHandlers.close();
    }

    private void run() {
        LaunchOptions options = host.options();
        boolean first = true;
        while (true) {
            // first start: the config the launcher read, if it read one; after that what SIGHUP read
            SupervisorConfig config = first ? host.config() : reloaded;
            reloaded = null;
            try {
                if (config == null) {
                    config = readConfig(options);
                }
            } catch (ConfigException e) {
                host.fail(e.getMessage(), 2);
                return;
            }
            SupervisorState end;
            try {
                end = runOnce(config, first);
            } catch (StartupException | CgroupsUnavailableException e) {
                host.fail(e.getMessage(), 2);
                return;
            } catch (RuntimeException | IOException | InterruptedException | ExecutionException e) {
                if (first) {
                    host.fail(String.valueOf(e), 1);
                } else {
                    System.err.println("jsupervisor: " + e);
                    host.exit(1);
                }
                return;
            }
            if (end != SupervisorState.RESTARTING || deactivating) {
                host.exit(exitStatus);
                return;
            }
            first = false;
        }
    }

    /**
     * Whether activity log lines are also printed on stdout: in the foreground unless silent, as
     * the reference does; not in container mode, whose activity log is on stderr already and whose
     * stdout carries the programs' output.
     */
    private static boolean echoesToStdout(SupervisordSettings sd) {
        return sd.nodaemon() && !sd.silent() && !sd.containerMode();
    }

    private static SupervisorConfig readConfig(LaunchOptions options) throws ConfigException {
        return new ConfigReader(ConfigEnvironment.system()).read(options.configFile(), options.overrides());
    }

    /**
     * Routes a POSIX signal to the engine. A SIGHUP first reads the config: the reference stops
     * everything and then dies on a broken config; we keep running on the old one and say why,
     * so a typo in a config file never takes the running programs down.
     */
    private void onSignal(Engine e, ActivityLog log, String signal) {
        if (signal.equals("HUP") && e.state() == SupervisorState.RUNNING) {
            try {
                reloaded = readConfig(host.options());
            } catch (ConfigException ex) {
                log.error("received SIGHUP but the config cannot be used, keeping the running one: "
                        + ex.getMessage());
                return;
            }
        }
        e.onSignal(signal);
    }

    /** A start-up failure the reference reports as a usage error (the launcher adds {@code Error: }). */
    private static final class StartupException extends Exception {
        private static final long serialVersionUID = 1L;

        StartupException(String message) {
            super(message);
        }
    }

    private SupervisorState runOnce(SupervisorConfig config, boolean first)
            throws IOException, InterruptedException, ExecutionException, StartupException {
        SupervisordSettings sd = config.supervisord();
        POSIX px = posix.get();
        String rootCritical = null;
        String uidInfo = null;
        // As the reference's Supervisor.main, on every (re)start: the user check and its messages.
        if (sd.user() == null) {
            if (px.getuid() == 0) {
                rootCritical = ROOT_WARNING;
            }
        } else {
            String failure = dropPrivileges(px, sd.user());
            if (failure != null) {
                throw new StartupException(failure);
            }
            uidInfo = "Set uid to user " + sd.user() + " succeeded";
        }
        List<String> rlimitInfos = first ? raiseLimits(px, sd) : List.of();
        if (first) {
            // umask= applies in the foreground too, as its documentation says ("the umask of the
            // supervisord process"). The reference sets it only when it daemonizes, and then only
            // after its activity log is open, so under -n with an inherited umask of 000 its logs
            // and pidfile come out world-writable; ours follow the configured umask either way.
            px.umask(sd.umask());
            if (!sd.nodaemon() && sd.directory() != null) {
                // like the reference, directory= is where a daemonizing supervisord goes
                px.chdir(sd.directory());
            }
        }
        ActivityLog log = new ActivityLog(sd.logfile(), sd.logfileMaxbytes(), sd.logfileBackups(), sd.loglevel(),
                sd.logformat(), echoesToStdout(sd) ? System.out : null);
        try {
            if (rootCritical != null) {
                log.critical(rootCritical);
            }
            config.warnings().forEach(log::warn);
            config.infos().forEach(log::info);
            if (uidInfo != null) {
                log.info(uidInfo);
            }
            rlimitInfos.forEach(log::info);
            if (!sd.nocleanup()) {
                ChildLogDir.cleanup(Path.of(sd.childlogdir()), sd.identifier(), log);
            }
            bus.setWarnings(log::warn);
            log.setHandlers(logHandlers);
            logHandlers.setWarnings(log::warn);
            Engine e = new Engine(config, () -> readConfig(host.options()), log, px, programEnvironment(), bus);
            e.setLogHandlers(logHandlers);
            e.start();
            engine = e;
            ServiceRegistration<DaemonLog> logRegistration =
                    bundleContext.registerService(DaemonLog.class, log::log, new Hashtable<>());
            ServiceRegistration<ProcessManager> registration =
                    bundleContext.registerService(ProcessManager.class, e, new Hashtable<>());
            host.setSignalHandler(signal -> onSignal(e, log, signal));
            // As the reference comes up: HTTP servers open (another bundle opens them when the
            // ProcessManager appears), then the pidfile, then the programs start.
            ServersReady.await(config.servers(), SERVER_WAIT_MILLIS);
            Path pidfile = Path.of(sd.pidfile());
            boolean pidWritten = writePidfile(pidfile, log);
            e.release();
            if (first) {
                host.ready();
            }
            service.released(e);
            if (deactivating) {
                e.shutdown();
            }
            SupervisorState end;
            try {
                end = e.termination().toCompletableFuture().get();
                exitStatus = e.exitStatus();
            } finally {
                bus.setWarnings(null);
                logHandlers.setWarnings(null);
                host.setSignalHandler(null);
                for (ServiceRegistration<?> r : List.of(registration, logRegistration)) {
                    try {
                        r.unregister();
                    } catch (IllegalStateException alreadyGone) {
                        // the bundle is stopping and took its services with it
                    }
                }
                if (pidWritten) {
                    Files.deleteIfExists(pidfile);
                }
                engine = null;
            }
            return end;
        } finally {
            log.close();
        }
    }

    /**
     * The environment programs inherit: the daemon's own, less {@code _JAVA_SR_SIGNUM}, which
     * bin/supervisord sets for this JVM only (it moves HotSpot's suspend signal off SIGUSR2) and
     * which would change the signals of any JVM a program starts; and less systemd's notification
     * variables, which name the daemon's socket and watchdog, not a program's (as sd_notify's
     * unset_environment does).
     */
    static Map<String, String> programEnvironment() {
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.remove("_JAVA_SR_SIGNUM");
        env.remove("NOTIFY_SOCKET");
        env.remove("WATCHDOG_USEC");
        env.remove("WATCHDOG_PID");
        return java.util.Collections.unmodifiableMap(env);
    }

    private static final int RLIMIT_NPROC = 6;
    private static final int RLIMIT_NOFILE = 7;

    /**
     * The reference's set_rlimits_or_exit: raise the soft limits on open files and processes to
     * minfds/minprocs (and the hard ones too when we may), or refuse to start.
     */
    private static List<String> raiseLimits(POSIX px, SupervisordSettings sd) throws StartupException {
        List<String> infos = new ArrayList<>();
        raiseLimit(px, RLIMIT_NOFILE, "RLIMIT_NOFILE", sd.minfds(), "The minimum number of file descriptors "
                + "required to run this process is %d as per the \"minfds\" command-line argument or config "
                + "file setting. The current environment will only allow you to open %d file descriptors.  "
                + "Either raise the number of usable file descriptors in your environment (see README.rst) or "
                + "lower the minfds setting in the config file to allow the process to start."
                + openDescriptorsNote(), infos);
        raiseLimit(px, RLIMIT_NPROC, "RLIMIT_NPROC", sd.minprocs(), "The minimum number of available processes "
                + "required to run this program is %d as per the \"minprocs\" command-line argument or config "
                + "file setting. The current environment will only allow you to open %d processes.  Either "
                + "raise the number of usable processes in your environment (see README.rst) or lower the "
                + "minprocs setting in the config file to allow the program to start.", infos);
        return infos;
    }

    /**
     * The figure the reference's minfds refusal lacks for us: a JVM daemon holds more descriptors
     * of its own than the Python one (about 5), and they count against the same limit.
     */
    private static String openDescriptorsNote() {
        int open = openDescriptors();
        if (open < 0) {
            return "";
        }
        return "  supervisord itself already has " + open + " file descriptors open (its JVM, libraries and "
                + "logs); the programs it runs need the rest.";
    }

    /** How many descriptors this process has open, or -1 where /proc cannot tell. */
    static int openDescriptors() {
        try (java.util.stream.Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return (int) s.count() - 1; // less the one listing the directory
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static void raiseLimit(POSIX px, int resource, String name, long min, String refusal, List<String> infos)
            throws StartupException {
        RLimit current = px.getrlimit(resource);
        long soft = current.rlimCur();
        long hard = current.rlimMax();
        // -1 is RLIM_INFINITY read as a signed long
        if (soft != -1 && soft < min) {
            if (hard != -1 && hard < min) {
                hard = min;
            }
            if (px.setrlimit(resource, min, hard) != 0) {
                throw new StartupException(String.format(refusal, min, current.rlimMax()));
            }
            infos.add("Increased " + name + " limit to " + min);
        }
    }

    private static boolean writePidfile(Path pidfile, ActivityLog log) {
        long pid = ProcessHandle.current().pid();
        String refused = PidFile.refusal(pidfile);
        if (refused != null) {
            log.critical("could not write pidfile " + pidfile + ": " + refused);
            return false;
        }
        try {
            PidFile.write(pidfile, pid);
        } catch (IOException e) {
            log.critical("could not write pidfile " + pidfile);
            return false;
        }
        log.info("supervisord started with pid " + pid);
        return true;
    }

    /** The reference's drop_privileges for the daemon itself; returns an error or null. */
    private static String dropPrivileges(POSIX px, String user) {
        Passwd pw;
        if (!user.isEmpty() && user.chars().allMatch(Character::isDigit)) {
            pw = px.getpwuid(Integer.parseInt(user));
            if (pw == null) {
                return "Can't find uid " + user;
            }
        } else {
            pw = px.getpwnam(user);
            if (pw == null) {
                return "Can't find username '" + user + "'";
            }
        }
        int current = px.getuid();
        if (current == pw.getUID()) {
            return null;
        }
        if (current != 0) {
            return "Can't drop privilege as nonroot user";
        }
        if (px.setgid((int) pw.getGID()) != 0) {
            return "Could not set group id of effective user";
        }
        if (px.setuid((int) pw.getUID()) != 0) {
            return "Could not set user id of effective user";
        }
        return null;
    }
}
