package io.jsupervisor.distribution;

import static io.jsupervisor.distribution.DistTree.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsupervisor.distribution.DistTree.Run;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The daemon HostileHttpIT attacks, and the attacker's tools: one daemon of the built distribution
 * for the whole class (Basic auth on, at most 1,024 descriptors, first-request timeouts shortened
 * so the tests run in seconds), raw and XML-RPC requests, and the daemon's memory and descriptors.
 */
abstract class HostileHttpDaemon {
    static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("user:pw".getBytes(StandardCharsets.UTF_8));
    static final long BIG_LOG = 200L << 20;

    Path tmp;
    DistTree tree;
    Run run;
    int port;
    long pid;
    Path bigLog;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    void start() throws Exception {
        tmp = Files.createTempDirectory("hostile");
        tree = new DistTree(tmp);
        port = HttpRpcIT.freePort();
        bigLog = tmp.resolve("big.log");
        Path conf = tree.config("nodaemon=true\nlogfile_maxbytes=0\n\n[inet_http_server]\nport=127.0.0.1:" + port
                + "\nusername=user\npassword=pw\n\n[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = "
                + "supervisor.rpcinterface:make_main_rpcinterface\n\n"
                + "[program:secretproc]\ncommand=sleep 1000\nstartsecs=0\nstdout_logfile=" + bigLog
                + "\nstdout_logfile_maxbytes=0\n");
        run = tree.start(List.of("prlimit", "--nofile=1024:1024"), List.of("-c", conf.toString()),
                "-Djsupervisor.http.firstIdleMillis=2000 -Djsupervisor.http.firstRequestMillis=5000");
        await("pidfile", 30, () -> Files.exists(tree.pidfile()) || !run.process().isAlive());
        assertTrue(run.process().isAlive(), () -> "ended: " + run.err());
        await("secretproc running", 15, () -> tree.activityLogText().contains("success: secretproc"));
        pid = Long.parseLong(Files.readString(tree.pidfile()).strip());
        await("port " + port, 20, () -> {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    @AfterAll
    void stop() throws Exception {
        tree.close();
        // the logs written here are a quarter of a GiB
        try (var files = Files.walk(tmp)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    static String call(String method, String... params) {
        StringBuilder sb = new StringBuilder("<?xml version='1.0'?><methodCall><methodName>").append(method)
                .append("</methodName><params>");
        for (String p : params) {
            sb.append("<param><value>").append(p).append("</value></param>");
        }
        return sb.append("</params></methodCall>").toString();
    }

    HttpResponse<String> post(String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/RPC2"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "text/xml").header("Authorization", AUTH)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A normal client's call on a new connection, which must answer at once whatever else is going on. */
    void stillServing(String after) throws Exception {
        long t0 = System.nanoTime();
        String body = call("supervisor.getState");
        String r = raw(("POST /RPC2 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + AUTH + "\r\nContent-Length: "
                + body.length() + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
        assertTrue(r.startsWith("HTTP/1.1 200") && r.contains("RUNNING"), after + ": " + r);
        assertTrue(millis(t0) < 5000, after + ": getState took " + millis(t0) + " ms");
    }

    static long millis(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    static String fault(String body) {
        Matcher m = Pattern.compile("<name>faultCode</name><value><i4>(\\d+)</i4>").matcher(body);
        return m.find() ? "fault " + m.group(1) : "no fault";
    }

    /** VmRSS and VmHWM of the daemon, in MiB. */
    long[] memory() throws IOException {
        long rss = 0;
        long hwm = 0;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            } else if (line.startsWith("VmHWM:")) {
                hwm = Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return new long[] {rss, hwm};
    }

    /** The daemon's heap as jcmd reports it (used and committed), or why not. */
    String heapInfo() {
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(pid), "GC.heap_info").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            Matcher m = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(out);
            long total = 0;
            long used = 0;
            while (m.find()) {
                total += Long.parseLong(m.group(1));
                used += Long.parseLong(m.group(2));
            }
            return total == 0 ? out.strip() : used / 1024 + " MiB used of " + total / 1024 + " MiB committed";
        } catch (IOException | InterruptedException e) {
            return e.toString();
        }
    }

    static String nested(int depth) {
        return "<?xml version='1.0'?><methodCall><methodName>supervisor.getState</methodName><params><param>"
                + "<value><array><data>".repeat(depth) + "<value><int>1</int></value>"
                + "</data></array></value>".repeat(depth) + "</param></params></methodCall>";
    }

    /** A log of {@code size} bytes of ASCII lines, written fast; returns its SHA-256. */
    static String writeLog(Path file, long size, StandardOpenOption... mode) throws Exception {
        byte[] block = new byte[1 << 20];
        byte[] line = "0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ log line\n"
                .getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < block.length; i++) {
            block[i] = line[i % line.length];
        }
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (OutputStream out = Files.newOutputStream(file, mode)) {
            for (long n = 0; n < size; n += block.length) {
                out.write(block);
                sha.update(block);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** POSTs a call and hashes the string value of the answer as it streams in. */
    String[] streamedString(String body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/RPC2"))
                .timeout(Duration.ofSeconds(60)).header("Authorization", AUTH)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        StringBuilder head = new StringBuilder();
        StringBuilder tail = new StringBuilder();
        long count = 0;
        try (InputStream in = r.body()) {
            // the head up to the string's <value> (inside an array for a tail), the text until
            // the next '<' (the log has no markup characters), then the rest
            int c;
            while ((c = in.read()) >= 0) {
                head.append((char) c);
                String h = head.toString();
                if (h.endsWith("<param><value>") && !body.contains("tailProcess")
                        || h.endsWith("<array><data><value>")) {
                    break;
                }
            }
            byte[] buf = new byte[1 << 16];
            boolean inText = true;
            int n;
            while ((n = in.read(buf)) > 0) {
                int textEnd = n;
                if (inText) {
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == '<') {
                            textEnd = i;
                            inText = false;
                            break;
                        }
                    }
                    sha.update(buf, 0, textEnd);
                    count += textEnd;
                }
                if (!inText) {
                    tail.append(new String(buf, textEnd, n - textEnd, StandardCharsets.US_ASCII));
                }
            }
        }
        return new String[] {HexFormat.of().formatHex(sha.digest()), String.valueOf(count), head.toString(),
                tail.toString()};
    }

    /** Raw bytes on a fresh connection; what comes back until the server closes, or "timeout" after 10 s. */
    String raw(byte[]... request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            try {
                for (byte[] part : request) {
                    out.write(part);
                }
                out.flush();
                s.shutdownOutput();
            } catch (IOException e) {
                // refused half way: read what the server said
            }
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (java.net.SocketTimeoutException e) {
            return "timeout";
        } catch (IOException e) {
            return "reset";
        }
    }

    static String status(String raw) {
        return raw.startsWith("HTTP/1.1 ") ? raw.substring(0, Math.min(12, raw.length())) : raw.isEmpty() ? "closed"
                : raw.length() > 20 ? raw.substring(0, 20) : raw;
    }

    String timed(String what, ThrowingSupplier<String> attack) throws Exception {
        long t0 = System.nanoTime();
        String outcome = attack.get();
        long[] mem = memory();
        System.out.println("hostile: " + what + " -> " + outcome + " in " + millis(t0) + " ms (daemon RSS " + mem[0]
                + " MiB)");
        stillServing("after " + what);
        return outcome;
    }

    interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    static String multicall(int calls, String oneCall) {
        return "<?xml version='1.0'?><methodCall><methodName>system.multicall</methodName><params><param><value>"
                + "<array><data>" + oneCall.repeat(calls) + "</data></array></value></param></params></methodCall>";
    }

    static String callStruct(String method, String... params) {
        StringBuilder sb = new StringBuilder("<value><struct><member><name>methodName</name><value>").append(method)
                .append("</value></member>");
        if (params.length > 0) {
            sb.append("<member><name>params</name><value><array><data>");
            for (String p : params) {
                sb.append("<value>").append(p).append("</value>");
            }
            sb.append("</data></array></value></member>");
        }
        return sb.append("</struct></value>").toString();
    }

    static int count(String text, String of) {
        int n = 0;
        for (int i = text.indexOf(of); i >= 0; i = text.indexOf(of, i + 1)) {
            n++;
        }
        return n;
    }

    /** Whether the server has closed {@code s} (a read sees the end, or the connection was reset). */
    static boolean closedByServer(Socket s) {
        try {
            s.setSoTimeout(1);
            return s.getInputStream().read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    long descriptors() throws IOException {
        try (var list = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return list.count();
        }
    }
}
