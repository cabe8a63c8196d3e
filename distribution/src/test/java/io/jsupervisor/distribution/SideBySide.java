package io.jsupervisor.distribution;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The reference supervisord ({@code /usr/bin/supervisord -n}) and ours, each a foreground child
 * of the test in its own session and process group, on identical configs in separate temp dirs,
 * each with its own UNIX socket and its own TCP port with Basic auth.
 *
 * <p>The config text may use {@code ${DIR}} (the daemon's own dir), {@code ${PY}} (the Python
 * scripts in {@code src/test/python}), {@code ${SOCK}} and {@code ${PORT}}.
 * {@link #close()} stops both (SIGTERM, then SIGKILL to the process group and to every
 * descendant ever seen) and fails the test if anything is left behind.
 */
final class SideBySide implements AutoCloseable {
    static final String PYTHON = "/usr/bin/python3";
    static final String REF_SUPERVISORD = "/usr/bin/supervisord";
    static final String CTL = "/usr/bin/supervisorctl";
    static final String USER = "user";
    static final String PASS = "pass";
    static final Path PYDIR = Path.of("src/test/python").toAbsolutePath();

    /** The usual servers: unix socket without auth, TCP with auth. */
    static final String SERVERS = "[unix_http_server]\n"
            + "file=${SOCK}\n"
            + "chmod=0700\n"
            + "\n"
            + "[inet_http_server]\n"
            + "port=127.0.0.1:${PORT}\n"
            + "username=" + USER + "\n"
            + "password=" + PASS + "\n"
            + "\n"
            + "[rpcinterface:supervisor]\n"
            + "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n"
            + "\n"
            + "[supervisorctl]\n"
            + "serverurl=unix://${SOCK}\n"
            + "\n";

    static boolean referenceInstalled() {
        return Files.isExecutable(Path.of(PYTHON)) && Files.isExecutable(Path.of(REF_SUPERVISORD))
                && Files.isExecutable(Path.of(CTL))
                && Files.isDirectory(Path.of("/usr/lib/python3/dist-packages/supervisor"));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** One daemon of the pair. */
    static final class Daemon {
        final String label;
        final Path dir;
        final Path sock;
        final int port;
        final Path conf;
        Process process;
        final StringBuffer out = new StringBuffer();
        final StringBuffer err = new StringBuffer();
        final Set<ProcessHandle> seen = new LinkedHashSet<>();

        Daemon(String label, Path dir, String config) throws IOException {
            this.label = label;
            this.dir = dir;
            Files.createDirectories(dir);
            this.sock = dir.resolve("s.sock");
            this.port = freePort();
            this.conf = dir.resolve("supervisord.conf");
            Files.writeString(conf, expand(config));
        }

        String expand(String text) {
            return text.replace("${DIR}", dir.toString()).replace("${PY}", PYDIR.toString())
                    .replace("${SOCK}", sock.toString()).replace("${PORT}", String.valueOf(port));
        }

        String unixUrl() {
            return "unix://" + sock;
        }

        String httpUrl() {
            return "http://127.0.0.1:" + port;
        }

        long pid() {
            return process.pid();
        }

        /** Records the daemon's current descendants, to check later that none survives it. */
        void noteDescendants() {
            if (process != null) {
                process.descendants().forEach(seen::add);
            }
        }

        boolean answers(HttpClient http) {
            try {
                HttpRequest req = HttpRequest.newBuilder(URI.create(httpUrl() + "/RPC2"))
                        .timeout(Duration.ofSeconds(2))
                        .header("Content-Type", "text/xml")
                        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                                (USER + ":" + PASS).getBytes(StandardCharsets.UTF_8)))
                        .POST(HttpRequest.BodyPublishers.ofString("<?xml version='1.0'?><methodCall>"
                                + "<methodName>supervisor.getState</methodName><params/></methodCall>"))
                        .build();
                HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200 && r.body().contains("RUNNING") && Files.exists(sock);
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        @Override
        public String toString() {
            return label + " (pid " + (process == null ? "-" : process.pid()) + ", " + dir + ")\nstdout:\n"
                    + out + "\nstderr:\n" + err;
        }
    }

    final Daemon ref;
    final Daemon ours;
    private final DistTree tree;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** {@code config} is everything after {@code [supervisord]}'s own lines (servers, programs). */
    SideBySide(Path tmp, String config) throws IOException {
        String full = "[supervisord]\n"
                + "logfile=${DIR}/supervisord.log\n"
                + "pidfile=${DIR}/supervisord.pid\n"
                + "childlogdir=${DIR}\n"
                + "\n"
                + config;
        ref = new Daemon("reference", tmp.resolve("ref"), full);
        ours = new Daemon("jsupervisor", tmp.resolve("ours"), full);
        tree = new DistTree(tmp.resolve("dist"));
    }

    /** Starts both daemons and waits until both answer XML-RPC over TCP and have their socket. */
    void start() throws Exception {
        ref.process = spawn(List.of("setsid", REF_SUPERVISORD, "-n", "-c", ref.conf.toString()), ref);
        ours.process = spawn(List.of("setsid", tree.home.resolve("bin/supervisord").toString(), "-n", "-c",
                ours.conf.toString()), ours);
        awaitAnswer(ref);
        awaitAnswer(ours);
    }

    void awaitAnswer(Daemon d) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            if (!d.process.isAlive()) {
                fail(d.label + " ended with " + d.process.exitValue() + ": " + d);
            }
            if (d.answers(http)) {
                d.noteDescendants();
                return;
            }
            Thread.sleep(50);
        }
        fail("timed out waiting for " + d);
    }

    private static Process spawn(List<String> cmd, Daemon d) throws IOException {
        Process p = new ProcessBuilder(cmd).directory(d.dir.toFile()).start();
        pump(p.getInputStream(), d.out);
        pump(p.getErrorStream(), d.err);
        return p;
    }

    static void pump(InputStream in, StringBuffer into) {
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

    /** A finished command: its exit code and output. */
    record Result(int exit, String out, String err) {}

    /** Runs a command to its end (with a timeout), feeding it {@code stdin} if not null. */
    static Result run(List<String> cmd, Path dir, String stdin, long timeoutSeconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        Process p = pb.start();
        StringBuffer out = new StringBuffer();
        StringBuffer err = new StringBuffer();
        pump(p.getInputStream(), out);
        pump(p.getErrorStream(), err);
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor();
            return new Result(-999, out.toString(), err + "\n[timed out after " + timeoutSeconds + " s]");
        }
        // the pumps may lag behind the exit
        Thread.sleep(20);
        return new Result(p.exitValue(), out.toString(), err.toString());
    }

    /** Waits until the daemon's process has ended by itself; false on timeout. */
    static boolean awaitExit(Daemon d, long seconds) throws InterruptedException {
        d.noteDescendants();
        return d.process.waitFor(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        List<String> leftovers = new ArrayList<>();
        try {
            for (Daemon d : List.of(ref, ours)) {
                if (d.process == null) {
                    continue;
                }
                d.noteDescendants();
                if (d.process.isAlive()) {
                    DistTree.kill("TERM", d.pid());
                    if (!d.process.waitFor(30, TimeUnit.SECONDS)) {
                        leftovers.add(d.label + " did not end on SIGTERM");
                    }
                }
                // the daemon's own process group (setsid made it the leader), then every
                // descendant seen (children run in their own process groups)
                new ProcessBuilder("kill", "-KILL", "--", "-" + d.pid()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
                d.process.destroyForcibly();
                d.process.waitFor(10, TimeUnit.SECONDS);
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (System.nanoTime() < end && d.seen.stream().anyMatch(ProcessHandle::isAlive)) {
                    Thread.sleep(50);
                }
                List<ProcessHandle> alive = d.seen.stream().filter(ProcessHandle::isAlive).toList();
                if (!alive.isEmpty()) {
                    leftovers.add(d.label + " left " + alive.stream()
                            .map(h -> h.pid() + " " + h.info().commandLine().orElse("?"))
                            .collect(Collectors.joining(", ")));
                    alive.forEach(ProcessHandle::destroyForcibly);
                }
            }
        } finally {
            tree.close();
        }
        if (!leftovers.isEmpty()) {
            fail("processes left behind: " + leftovers);
        }
    }
}
