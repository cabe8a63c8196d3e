package io.jsupervisor.platform.supervisord;

import io.jsupervisor.api.config.ConfigException;
import io.jsupervisor.api.config.SupervisorConfig;
import io.jsupervisor.config.ConfigEnvironment;
import io.jsupervisor.config.ConfigReader;
import io.jsupervisor.launch.LaunchOptions;
import io.jsupervisor.pycompat.ReferenceVersion;
import java.io.ObjectInputFilter;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code supervisord}: parses the command line, finds and checks the config, then either runs
 * the daemon here ({@code -n} / {@code nodaemon=true}) or starts it in a detached second JVM and
 * waits until it is ready.
 *
 * <p>System properties (set by {@code bin/supervisord}): {@code jsupervisor.home} the
 * distribution root, {@code jsupervisor.executable} the program path as typed ({@code $0}).
 */
public final class Supervisord {
    /** First argument of a daemon child: {@code --jsupervisor-daemon-child=<status file>}. */
    static final String CHILD_FLAG = "--jsupervisor-daemon-child=";

    private Supervisord() {}

    public static void main(String[] args) {
        // nothing in jsupervisor deserialises Java objects: refuse them all (see docs/architecture.md)
        if (ObjectInputFilter.Config.getSerialFilter() == null) { // bin/supervisord sets -Djdk.serialFilter=!*
            ObjectInputFilter.Config.setSerialFilter(info -> ObjectInputFilter.Status.REJECTED);
        }
        // jnr-ffi's hand-assembled x86 call stubs: the JIT compiles its assembler's 7.9 KB emit
        // method during start-up with ~13 MiB of scratch memory that malloc keeps for good (RSS
        // 87 -> 76 MiB without them). Its generated-bytecode calls are as good for our syscalls.
        if (System.getProperty("jnr.ffi.x86asm.enabled") == null) {
            System.setProperty("jnr.ffi.x86asm.enabled", "false");
        }
        // Jetty asks the platform MBean server whether oops are compressed unless told: that
        // starts JMX (about 250 classes and 3 MiB) in a daemon that never uses it. They are
        // compressed under bin/supervisord's -Xmx64m: 16 references per 64-byte cache line.
        if (System.getProperty("org.eclipse.jetty.util.referencesPerCacheLine") == null) {
            System.setProperty("org.eclipse.jetty.util.referencesPerCacheLine", "16");
        }
        String prog = System.getProperty("jsupervisor.executable", "supervisord");
        int status;
        if (args.length > 0 && args[0].startsWith(CHILD_FLAG)) {
            status = Daemon.childMain(prog, args);
        } else {
            status = launch(prog, Arrays.asList(args), System.out, System.err);
        }
        System.out.flush();
        System.err.flush();
        System.exit(status);
    }

    /** Everything up to running the daemon; returns the exit status. */
    static int launch(String prog, List<String> args, PrintStream out, PrintStream err) {
        CommandLine.Parsed parsed;
        LaunchOptions options;
        SupervisorConfig config;
        try {
            parsed = CommandLine.system().parse(args);
            switch (parsed.action()) {
                case HELP -> {
                    out.print(CommandLine.help(prog));
                    return 0;
                }
                case VERSION -> {
                    out.println(ReferenceVersion.SUPERVISOR);
                    return 0;
                }
                default -> { }
            }
            options = options(prog, parsed, err);
            config = readConfig(options);
            String portProblem = PortCheck.check(config.servers());
            if (portProblem != null) {
                throw new CommandLine.UsageError(portProblem);
            }
        } catch (CommandLine.UsageError e) {
            return usage(prog, e.getMessage(), err);
        }
        if (config.supervisord().nodaemon()) {
            return runHere(options, config, null, err);
        }
        return Daemon.spawnAndWait(prog, options, args, err);
    }

    /** The parsed command line plus the config file found: what the core is handed. */
    static LaunchOptions options(String prog, CommandLine.Parsed parsed, PrintStream err)
            throws CommandLine.UsageError {
        if (parsed.profileOptions() != null) {
            throw new CommandLine.UsageError("--profile_options is not supported: jsupervisor runs on the JVM, "
                    + "not under Python's profiler (use a Java profiler such as JFR instead)");
        }
        String configFile = parsed.configFile();
        if (configFile == null) {
            if (isRoot()) {
                err.println(prog + ": UserWarning: Supervisord is running as root and it is searching for its "
                        + "configuration file in default locations (including its current working directory); "
                        + "you probably want to specify a \"-c\" argument specifying an absolute path to a "
                        + "configuration file for improved security.");
            }
            configFile = ConfigSearch.find(prog, p -> Files.exists(Path.of(p)));
        }
        Path path = Path.of(configFile).toAbsolutePath().normalize();
        return new LaunchOptions(path, parsed.overrides(), prog);
    }

    static SupervisorConfig readConfig(LaunchOptions options) throws CommandLine.UsageError {
        try {
            return new ConfigReader(ConfigEnvironment.system()).read(options.configFile(), options.overrides());
        } catch (ConfigException e) {
            throw new CommandLine.UsageError(e.getMessage());
        } catch (RuntimeException e) {
            // a bug in the reader must not look like a config error, but must not start either
            throw new CommandLine.UsageError("cannot read " + options.configFile() + ": " + e);
        }
    }

    /**
     * Runs the daemon in this JVM until it ends.
     * @param config the config already read here, handed to the core; null for the core to read it
     */
    static int runHere(LaunchOptions options, SupervisorConfig config, FelixHost.Reporter reporter, PrintStream err) {
        Path home = Path.of(System.getProperty("jsupervisor.home", ".")).toAbsolutePath().normalize();
        FelixHost host = new FelixHost(options, config, home, reporter);
        try {
            return host.run();
        } catch (Exception e) {
            String msg = "cannot start the OSGi framework: " + FelixHost.describe(e);
            if (reporter != null) {
                reporter.failed(msg, 1);
            } else {
                err.println("Error: " + msg);
            }
            return 1;
        }
    }

    static int usage(String prog, String message, PrintStream err) {
        err.println("Error: " + message);
        err.println("For help, use " + prog + " -h");
        err.flush();
        return 2;
    }

    static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (Exception e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
