package io.jsupervisor.distribution;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One daemon of the fault matrix, ours (from a {@link DistTree}) or the reference
 * ({@code /usr/bin/supervisord}), in its own directory with the same config, reachable over
 * XML-RPC on a loopback port. Its /proc figures (descriptors, threads, RSS) are read from outside.
 */
final class MatrixDaemon implements AutoCloseable {
    static final Path REFERENCE = Path.of("/usr/bin/supervisord");

    final String label;
    final Path dir;
    final Path conf;
    final int port;
    private final List<Process> started = new ArrayList<>();

    private MatrixDaemon(String label, Path dir, int port) {
        this.label = label;
        this.dir = dir;
        this.conf = dir.resolve("supervisord.conf");
        this.port = port;
    }

    static boolean referenceInstalled() {
        return Files.isExecutable(REFERENCE);
    }

    /** Our daemon, {@code prefix... bin/supervisord -n -c conf}; it is not started yet. */
    static MatrixDaemon ours(Path dir) throws IOException {
        return new MatrixDaemon("jsupervisor", Files.createDirectories(dir), freePort());
    }

    static MatrixDaemon reference(Path dir) throws IOException {
        return new MatrixDaemon("reference", Files.createDirectories(dir), freePort());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    Path pidfile() {
        return dir.resolve("supervisord.pid");
    }

    Path socket() {
        return dir.resolve("supervisor.sock");
    }

    /** Writes the config: the common sections, {@code supervisord} lines, then the programs. */
    void writeConfig(String supervisord, String programs) throws IOException {
        Files.writeString(conf, "[supervisord]\nlogfile=" + dir.resolve("activity.log") + "\npidfile=" + pidfile()
                + "\nchildlogdir=" + dir + "\nloglevel=info\n" + supervisord + "\n\n"
                + "[inet_http_server]\nport=127.0.0.1:" + port + "\n\n"
                + "[unix_http_server]\nfile=" + socket() + "\n\n"
                + "[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = "
                + "supervisor.rpcinterface:make_main_rpcinterface\n\n" + programs);
    }

    /** Starts the daemon in the foreground (prefix: e.g. a shell that lowers a limit first). */
    Process start(DistTree tree, List<String> prefix) throws Exception {
        Process p;
        if (tree != null) {
            p = tree.start(prefix, List.of("-n", "-c", conf.toString()), null).process();
        } else {
            List<String> cmd = new ArrayList<>(prefix);
            cmd.addAll(List.of(REFERENCE.toString(), "-n", "-c", conf.toString()));
            p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.txt").toFile()).start();
        }
        started.add(p);
        DistTree.await(label + " listening on " + port, 60, () -> !p.isAlive() || listening());
        assertTrue(p.isAlive(), label + " ended at start:\n" + log());
        DistTree.await(label + " pidfile", 30, () -> Files.exists(pidfile()) && pidOrZero() > 0);
        return p;
    }

    private boolean listening() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private long pidOrZero() {
        try {
            return Long.parseLong(Files.readString(pidfile()).strip());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    long pid() throws IOException {
        return Long.parseLong(Files.readString(pidfile()).strip());
    }

    String log() {
        try {
            return Files.readString(dir.resolve("activity.log"));
        } catch (IOException e) {
            return "";
        }
    }

    /** The pid of the last {@code spawned:} line for {@code program}, or -1. */
    int lastPidOf(String program) {
        Matcher m = Pattern.compile("spawned: '" + Pattern.quote(program) + "' with pid (\\d+)").matcher(log());
        int pid = -1;
        while (m.find()) {
            pid = Integer.parseInt(m.group(1));
        }
        return pid;
    }

    void awaitLog(String text, long seconds) throws InterruptedException {
        DistTree.await(label + " logging '" + text + "'", seconds, () -> log().contains(text));
    }

    /**
     * One XML-RPC call over a fresh HTTP/1.0 connection (closed after the answer, so the
     * daemon's descriptor count does not include a kept-alive client). Params: String, Boolean
     * or Integer. Returns the response body.
     */
    String rpc(String method, Object... params) throws IOException {
        StringBuilder body = new StringBuilder("<?xml version='1.0'?><methodCall><methodName>").append(method)
                .append("</methodName><params>");
        for (Object p : params) {
            body.append("<param><value>");
            if (p instanceof Boolean b) {
                body.append("<boolean>").append(b ? 1 : 0).append("</boolean>");
            } else if (p instanceof Integer i) {
                body.append("<int>").append(i).append("</int>");
            } else {
                body.append("<string>").append(p).append("</string>");
            }
            body.append("</value></param>");
        }
        body.append("</params></methodCall>");
        byte[] content = body.toString().getBytes(StandardCharsets.UTF_8);
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(120));
            OutputStream out = s.getOutputStream();
            out.write(("POST /RPC2 HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\nContent-Length: "
                    + content.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int end = response.indexOf("\r\n\r\n");
            return end < 0 ? response : response.substring(end + 4);
        }
    }

    /** Open descriptors of the daemon right now. */
    static int fdCount(long pid) throws IOException {
        try (var s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return (int) s.count();
        }
    }

    /** A field of /proc/PID/status as a number (VmRSS in kB, Threads). */
    static long status(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip());
            }
        }
        throw new IOException(field + " not in /proc/" + pid + "/status");
    }

    /** TERM, then (after 30 s) KILL for the daemon and whatever it left. */
    @Override
    public void close() throws IOException {
        for (Process p : started) {
            if (p.isAlive()) {
                List<ProcessHandle> descendants = p.descendants().toList();
                p.toHandle().destroy();
                try {
                    p.waitFor(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                descendants.forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
    }
}
