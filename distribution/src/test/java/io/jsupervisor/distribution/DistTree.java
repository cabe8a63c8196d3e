package io.jsupervisor.distribution;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A private copy of the built distribution tree in a test's temp dir, the daemons started from
 * it, and their cleanup: every process started (and its descendants, and the pidfile's daemon)
 * is killed when the test ends.
 */
final class DistTree implements AutoCloseable {
    final Path tmp;
    final Path home;
    private final List<Process> started = new ArrayList<>();

    /** A started process with its output collected. */
    record Run(Process process, StringBuffer out, StringBuffer err) {}

    DistTree(Path tmp) throws IOException {
        this.tmp = tmp;
        Path dist = Path.of(System.getProperty("jsupervisor.dist", "target/jsupervisor"));
        home = tmp.resolve("jsupervisor");
        try (Stream<Path> s = Files.walk(dist)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path rel = dist.relativize(p);
                Path t = home.resolve(rel.toString());
                if (rel.startsWith("runtime")) {
                    // the Java runtime (47 MB) is shared, not copied: no test writes to it
                    if (rel.getNameCount() == 1) {
                        Files.createSymbolicLink(t, p.toAbsolutePath());
                    }
                    continue;
                }
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    Path pidfile() {
        return tmp.resolve("supervisord.pid");
    }

    Path activityLog() {
        return tmp.resolve("supervisord.log");
    }

    String activityLogText() {
        try {
            return Files.readString(activityLog());
        } catch (IOException e) {
            return "";
        }
    }

    /** Writes {@code supervisord.conf} with logs and pidfile in the temp dir, then {@code extra}. */
    Path config(String extra) throws IOException {
        Path conf = tmp.resolve("supervisord.conf");
        Files.writeString(conf, "[supervisord]\n"
                + "logfile=" + activityLog() + "\n"
                + "pidfile=" + pidfile() + "\n"
                + "childlogdir=" + tmp + "\n"
                + extra);
        return conf;
    }

    Run start(List<String> args, String jvmOpts) throws IOException {
        return start(List.of(), args, jvmOpts);
    }

    /** Runs {@code prefix... bin/supervisord args...}. */
    Run start(List<String> prefix, List<String> args, String jvmOpts) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(home.resolve("bin/supervisord").toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile());
        if (jvmOpts != null) {
            pb.environment().put("JSUPERVISOR_OPTS", jvmOpts);
        }
        Process p = pb.start();
        started.add(p);
        StringBuffer out = new StringBuffer();
        StringBuffer err = new StringBuffer();
        pump(p.getInputStream(), out);
        pump(p.getErrorStream(), err);
        return new Run(p, out, err);
    }

    private static void pump(InputStream in, StringBuffer into) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[4096];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    into.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // process ended
            }
        });
        t.setDaemon(true);
        t.start();
    }

    static void await(String what, long seconds, BooleanSupplier cond) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            if (cond.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        fail("timed out waiting for " + what);
    }

    static int kill(String signal, long pid) throws IOException, InterruptedException {
        return new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).inheritIO().start().waitFor();
    }

    private boolean ownDaemon(ProcessHandle h) {
        return h.info().arguments().map(args -> String.join(" ", args).contains(home.toString())).orElse(false);
    }

    @Override
    public void close() throws IOException {
        // Ask first: a daemon that gets SIGTERM stops its children; killing it outright can
        // orphan a child it spawned after the descendants were listed.
        for (Process p : started) {
            if (p.isAlive()) {
                p.toHandle().destroy();
            }
        }
        for (Process p : started) {
            try {
                p.waitFor(15, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        if (Files.exists(pidfile())) {
            long pid = Long.parseLong(Files.readString(pidfile()).strip());
            // Only a daemon of this tree: a daemon in a PID namespace writes pid 1 in its own
            // namespace, which out here is the machine's init.
            ProcessHandle.of(pid).filter(h -> pid > 1 && ownDaemon(h)).ifPresent(h -> {
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly();
            });
        }
        awaitClientArchive();
    }

    /**
     * bin/supervisorctl's first run in a fresh tree makes the client's class-data archive in the
     * background, holding lib/supervisorctl.jsa.lock while it runs; the temp dir can only be
     * deleted once that run has written its files and let go of the lock.
     */
    private void awaitClientArchive() {
        Path lock = home.resolve("lib/supervisorctl.jsa.lock");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (Files.exists(lock) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
