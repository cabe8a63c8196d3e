package io.jsupervisor.platform.supervisord;

import io.jsupervisor.launch.LaunchOptions;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Daemonizing without fork(): the parent starts a second JVM (same java, same flags, same class
 * path) through {@code setsid} with stdin/stdout/stderr on /dev/null, then waits until the child
 * writes its status file: {@code READY}, or {@code FAIL}, the exit status and the message. The
 * status file lives in a private temp directory the parent creates and removes.
 */
final class Daemon {
    private static final String MAIN = Supervisord.class.getName();

    private Daemon() {}

    // ---- parent ----

    static int spawnAndWait(String prog, LaunchOptions options, List<String> args, PrintStream err) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("jsupervisord-");
            Path status = dir.resolve("status");
            List<String> cmd = new ArrayList<>();
            String setsid = findSetsid();
            if (setsid != null) {
                cmd.add(setsid);
            }
            cmd.addAll(signalMask());
            cmd.addAll(jvmCommand());
            cmd.add(MAIN);
            cmd.add(Supervisord.CHILD_FLAG + status);
            cmd.add(options.configFile().toString());
            cmd.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            Process child = pb.start();
            long timeoutMs = Long.getLong("jsupervisor.readyTimeout", 60) * 1000;
            long deadline = System.currentTimeMillis() + timeoutMs;
            while (true) {
                if (Files.exists(status)) {
                    return report(prog, Files.readString(status, StandardCharsets.UTF_8), err);
                }
                if (!child.isAlive()) {
                    if (Files.exists(status)) {
                        continue;
                    }
                    int code = child.exitValue();
                    err.println("Error: supervisord (pid " + child.pid() + ") exited with status " + code
                            + " before it was ready");
                    return code == 0 ? 1 : code;
                }
                if (System.currentTimeMillis() > deadline) {
                    err.println("Error: supervisord (pid " + child.pid() + ") did not report ready within "
                            + timeoutMs / 1000 + " seconds; it is still running");
                    return 1;
                }
                Thread.sleep(20);
            }
        } catch (IOException e) {
            err.println("Error: cannot start the daemon: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            deleteTree(dir);
        }
    }

    private static int report(String prog, String content, PrintStream err) {
        if (content.startsWith("READY")) {
            return 0;
        }
        String[] parts = content.split("\n", 3);
        int status = 1;
        try {
            status = Integer.parseInt(parts[1].strip());
        } catch (RuntimeException e) {
            // keep 1
        }
        Supervisord.usage(prog, parts.length > 2 ? parts[2] : "supervisord failed to start", err);
        return status;
    }

    /** The java command and JVM flags this JVM was started with, up to the main class. */
    static List<String> jvmCommand() {
        ProcessHandle.Info info = ProcessHandle.current().info();
        Optional<String> command = info.command();
        Optional<String[]> arguments = info.arguments();
        if (command.isPresent() && arguments.isPresent()) {
            List<String> a = Arrays.asList(arguments.get());
            int main = a.indexOf(MAIN);
            if (main >= 0) {
                List<String> out = new ArrayList<>();
                out.add(command.get());
                out.addAll(a.subList(0, main));
                return out;
            }
        }
        List<String> out = new ArrayList<>();
        out.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String p : List.of("jsupervisor.home", "jsupervisor.executable")) {
            if (System.getProperty(p) != null) {
                out.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        out.add("-cp");
        out.add(System.getProperty("java.class.path"));
        return out;
    }

    /**
     * The child runs with -Xrs like this JVM when bin/supervisord chose sigwait (SignalWaiter):
     * it must start with the same signals blocked, or TERM would kill it outright. The JDK's
     * process start happens to pass our mask on; this does not rely on that.
     */
    static List<String> signalMask() {
        if (!"sigwait".equals(System.getProperty("jsupervisor.signals"))) {
            return List.of();
        }
        String signals = String.join(",", SignalWaiter.NUMBERS.keySet());
        String env = Files.isExecutable(Path.of("/usr/bin/env")) ? "/usr/bin/env" : "env";
        return List.of(env, "--default-signal=" + signals, "--block-signal=" + signals);
    }

    private static String findSetsid() {
        for (String p : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        return null;
    }

    static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // best effort
        }
    }

    // ---- child ----

    static int childMain(String prog, String[] args) {
        Path status = Path.of(args[0].substring(Supervisord.CHILD_FLAG.length()));
        StatusFile reporter = new StatusFile(status);
        try {
            Path config = Path.of(args[1]);
            List<String> rest = Arrays.asList(args).subList(2, args.length);
            CommandLine.Parsed parsed = CommandLine.system().parse(rest);
            LaunchOptions options = new LaunchOptions(config, parsed.overrides(), prog);
            // the parent checked the config; this JVM's core reads it (once) for itself
            return Supervisord.runHere(options, null, reporter, System.err);
        } catch (Exception | Error e) {
            reporter.failed("cannot start: " + FelixHost.describe(e), 1);
            return 1;
        }
    }

    /** The child's side of the protocol. */
    static final class StatusFile implements FelixHost.Reporter {
        private final Path status;

        StatusFile(Path status) {
            this.status = status;
        }

        @Override
        public void ready() {
            write("READY\n");
        }

        @Override
        public void failed(String message, int exitStatus) {
            write("FAIL\n" + exitStatus + "\n" + message);
        }

        private void write(String content) {
            try {
                Path tmp = status.resolveSibling("status.tmp");
                Files.writeString(tmp, content, StandardCharsets.UTF_8);
                Files.move(tmp, status, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                // the parent is gone (or timed out): nothing to report to
            }
        }
    }
}
