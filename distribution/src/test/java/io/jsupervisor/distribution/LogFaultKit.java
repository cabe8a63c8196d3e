package io.jsupervisor.distribution;

import static org.junit.jupiter.api.Assumptions.abort;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@link LogFaultsIT} needs around the daemon: a real small tmpfs to fill, XML-RPC over
 * HTTP, a child that writes numbered lines, and the check of what reached the logs.
 */
final class LogFaultKit {
    private LogFaultKit() {
    }

    /** A tmpfs of a few MB mounted for a test; the test is skipped where mounting is refused. */
    static final class Tmpfs implements AutoCloseable {
        final Path dir;
        private final Path filler;

        Tmpfs(Path dir, String size) throws IOException, InterruptedException {
            Files.createDirectories(dir);
            String failure = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
            if (failure != null) {
                abort("cannot mount a tmpfs on " + dir + " here, so this full-disk test is skipped: " + failure);
            }
            this.dir = dir;
            this.filler = dir.resolve(".filler");
        }

        /** Takes every free byte; the daemon's next writes fail (after a short one) with ENOSPC. */
        void fill() throws IOException {
            try (OutputStream o = Files.newOutputStream(filler, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                byte[] page = new byte[4096];
                while (true) {
                    o.write(page);
                }
            } catch (IOException full) {
                // full now
            }
        }

        void free() throws IOException {
            Files.deleteIfExists(filler);
        }

        @Override
        public void close() throws IOException, InterruptedException {
            String failure = run("umount", "-l", dir.toString());
            if (failure != null) {
                throw new IOException("umount " + dir + ": " + failure);
            }
        }

        private static String run(String... cmd) throws IOException, InterruptedException {
            Process p;
            try {
                p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            } catch (IOException e) {
                return e.getMessage();
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "timed out";
            }
            return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + out;
        }
    }

    /** XML-RPC calls to {@code http://127.0.0.1:port/RPC2} (no auth). */
    static final class Rpc {
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final int port;

        Rpc(int port) {
            this.port = port;
        }

        /** The response body; params are String (string) or Integer (int). Throws if no answer in 5 s. */
        String call(String method, Object... params) throws IOException, InterruptedException {
            StringBuilder body = new StringBuilder("<?xml version=\"1.0\"?><methodCall><methodName>")
                    .append(method).append("</methodName><params>");
            for (Object p : params) {
                body.append("<param><value>").append(p instanceof Integer ? "<int>" + p + "</int>"
                        : "<string>" + p + "</string>").append("</value></param>");
            }
            body.append("</params></methodCall>");
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/RPC2"))
                    .timeout(Duration.ofSeconds(5)).header("Content-Type", "text/xml")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200 || !r.body().contains("<methodResponse>")) {
                throw new IOException(method + ": HTTP " + r.statusCode() + " " + r.body());
            }
            return r.body();
        }

        /** Whether the daemon answered a call within 5 s. */
        boolean answers(String method, Object... params) {
            try {
                call(method, params);
                return true;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /**
     * A child (Python) that writes lines {@code %08d <x * (base + n % 61)>}: with {@code count}
     * above 0 that many lines in 500-line writes with {@code pause} seconds after each; else about 800 lines a
     * second, each in two halves, until {@code stopFile} exists.
     */
    static Path numberedLinesScript(Path dir) throws IOException {
        Path script = dir.resolve("numbered_lines.py");
        Files.writeString(script, String.join("\n",
                "import os, sys, time",
                "count, base, stop, pause = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], float(sys.argv[4])",
                "out = sys.stdout.buffer",
                "line = lambda i: b'%08d %s\\n' % (i, b'x' * (base + i % 61))",
                "if count > 0:",
                "    for start in range(1, count + 1, 500):",
                "        out.write(b''.join(line(i) for i in range(start, min(start + 500, count + 1))))",
                "        out.flush()",
                "        time.sleep(pause)",
                "    out.flush()",
                "else:",
                "    i = 1",
                "    while not os.path.exists(stop):",
                "        b = line(i); h = len(b) // 2",
                "        out.write(b[:h]); out.flush(); out.write(b[h:]); out.flush()",
                "        i += 1",
                "        time.sleep(0.001)",
                ""));
        return script;
    }

    /** Bytes of lines 1..n as the script writes them. */
    static long bytesOfLines(long n, int base) {
        long total = 0;
        for (long i = 1; i <= n; i++) {
            total += 9 + base + i % 61 + 1;
        }
        return total;
    }

    /** What the check of numbered lines found. */
    record Tally(long lines, long last, long lost, long duplicated, long garbled, long markers, long markedLost,
            long bytes, long markerBytes, List<String> samples) {
        String figures() {
            return lines + " lines to " + last + ", " + lost + " lost, " + duplicated + " duplicated, " + garbled
                    + " garbled, " + markers + " loss markers for " + markedLost + " bytes";
        }
    }

    private static final Pattern MARKER = Pattern.compile("(.*?) ?\\[jsupervisor: (\\d+) bytes lost: [^\\]]+\\]");

    /**
     * Checks the numbered lines in {@code files} read one after the other (the renamed files
     * then the current one). A loss marker may finish the front of a line, and lines after it may
     * skip ahead (counted in {@code markedLost}, not in {@code lost}); a number out of turn is
     * lost or duplicated; anything else, an unfinished last line too, is garbled.
     */
    static Tally check(List<Path> files, int base) throws IOException {
        List<InputStream> ins = new ArrayList<>();
        long bytes = 0;
        for (Path f : files) {
            ins.add(Files.newInputStream(f));
            bytes += Files.size(f);
        }
        long lines = 0;
        long next = 1;
        long lost = 0;
        long duplicated = 0;
        long garbled = 0;
        long markers = 0;
        long markedLost = 0;
        long markerBytes = 0;
        boolean afterMarker = false;
        List<String> samples = new ArrayList<>();
        Matcher m = MARKER.matcher("");
        try (InputStream in = new BufferedInputStream(new SequenceInputStream(Collections.enumeration(ins)), 1 << 16)) {
            StringBuilder line = new StringBuilder();
            int c;
            boolean open = false;
            while (true) {
                c = in.read();
                if (c != '\n' && c >= 0) {
                    line.append((char) c);
                    open = true;
                    continue;
                }
                if (c < 0 && !open) {
                    break;
                }
                String s = line.toString();
                line.setLength(0);
                open = false;
                lines++;
                long n = c < 0 ? -1 : number(s, base);
                if (n > 0) {
                    if (afterMarker) {
                        afterMarker = false;
                    } else if (n > next) {
                        lost += n - next;
                    } else if (n < next) {
                        duplicated++;
                    }
                    next = Math.max(next, n + 1);
                } else if (c >= 0 && m.reset(s).matches()
                        && expected(next, base).startsWith(m.group(1))) {
                    markers++;
                    markedLost += Long.parseLong(m.group(2));
                    markerBytes += s.length() + 1 - m.group(1).length();
                    afterMarker = true;
                } else {
                    garbled++;
                    if (samples.size() < 3) {
                        samples.add(s.length() > 120 ? s.substring(0, 120) + "..." : s);
                    }
                }
                if (c < 0) {
                    break;
                }
            }
        }
        return new Tally(lines, next - 1, lost, duplicated, garbled, markers, markedLost, bytes, markerBytes,
                samples);
    }

    private static String expected(long n, int base) {
        return String.format("%08d ", n) + "x".repeat((int) (base + n % 61));
    }

    /** The line's number if it is a whole numbered line, else -1. */
    private static long number(String s, int base) {
        if (s.length() < 9 || s.charAt(8) != ' ') {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < 8; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        int xs = s.length() - 9;
        if (n == 0 || xs != base + n % 61) {
            return -1;
        }
        for (int i = 9; i < s.length(); i++) {
            if (s.charAt(i) != 'x') {
                return -1;
            }
        }
        return n;
    }

    /** Activity log lines that do not start with exactly one stamp and a level. */
    static List<String> garbledActivityLines(String text) {
        Pattern ok = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},\\d{3} (CRIT|ERRO|WARN|INFO|DEBG|TRAC|BLAT) .*");
        Pattern stamp = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},\\d{3}");
        List<String> bad = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher s = stamp.matcher(line);
            int stamps = 0;
            while (s.find()) {
                stamps++;
            }
            if (!ok.matcher(line).matches() || stamps != 1) {
                bad.add(line);
            }
        }
        return bad;
    }
}
