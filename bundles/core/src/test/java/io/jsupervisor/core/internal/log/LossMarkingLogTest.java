package io.jsupervisor.core.internal.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LossMarkingLogTest {

    /** A numbered line as the test's child writes it: the number, then (number % 61) x's. */
    private static final Pattern NUMBERED = Pattern.compile("(\\d{8}) (x*)");
    private static final Pattern MARKER = Pattern.compile("(.*?) ?\\[jsupervisor: (\\d+) bytes lost: ([^\\]]+)\\]");

    @TempDir
    Path dir;

    record Report(long bytes, String reason, boolean marked) {}

    private static byte[] numberedLines(int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            sb.append(String.format("%08d ", i)).append("x".repeat(i % 61)).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Writes {@code data[from, to)} in random chunks, through arrays and direct buffers in turn. */
    private static int feed(LossMarkingLog log, byte[] data, int from, int to, Random rnd) {
        int failures = 0;
        int at = from;
        boolean direct = false;
        while (at < to) {
            int n = Math.min(to - at, 1 + rnd.nextInt(3000));
            try {
                if (direct) {
                    log.write(ByteBuffer.allocateDirect(n).put(data, at, n).flip());
                } else {
                    log.write(data, at, n);
                }
            } catch (IOException e) {
                failures++;
            }
            direct = !direct;
            at += n;
        }
        return failures;
    }

    @Test
    void outputLostOnAFullDiskIsMarkedAndCountedButNeverGlued() throws Exception {
        byte[] stream = numberedLines(20_000); // ~ 900 KB
        List<Report> reports = new ArrayList<>();
        try (SmallTmpfs fs = SmallTmpfs.mount(dir.resolve("fs"), "2m")) {
            Path p = fs.dir().resolve("child.log");
            LossMarkingLog log = new LossMarkingLog(new RotatingLogFile(p, 0, 0),
                    (bytes, reason, marked) -> reports.add(new Report(bytes, reason, marked)));
            Random rnd = new Random(613);
            int third = stream.length / 3;
            assertEquals(0, feed(log, stream, 0, third, rnd));
            fs.fill();
            assertEquals(1, feed(log, stream, third, 2 * third, rnd), "one failure thrown, then quiet drops");
            fs.free();
            assertEquals(0, feed(log, stream, 2 * third, stream.length, rnd));
            log.close();

            assertEquals(1, reports.size(), reports.toString());
            Report r = reports.get(0);
            assertTrue(r.marked());
            assertEquals("No space left on device", r.reason());

            byte[] file = Files.readAllBytes(p);
            int garbled = 0;
            int markers = 0;
            long markerBytes = 0;
            int expect = 1;
            Matcher num = NUMBERED.matcher("");
            Matcher mark = MARKER.matcher("");
            for (String line : new String(file, StandardCharsets.US_ASCII).split("\n")) {
                if (mark.reset(line).matches()) {
                    markers++;
                    markerBytes += line.length() + 1 - mark.group(1).length();
                    assertEquals(r.bytes(), Long.parseLong(mark.group(2)));
                    // what precedes the marker is the front of the next expected line
                    String want = String.format("%08d ", expect) + "x".repeat(expect % 61);
                    assertTrue(want.startsWith(mark.group(1)), "not the front of line " + expect + ": " + line);
                    expect = -1; // the next line is whichever comes first after the loss
                } else if (num.reset(line).matches()
                        && num.group(2).length() == Integer.parseInt(num.group(1)) % 61
                        && (expect < 0 || Integer.parseInt(num.group(1)) == expect)) {
                    expect = Integer.parseInt(num.group(1)) + 1;
                } else {
                    garbled++;
                }
            }
            assertTrue(file.length > 0 && file[file.length - 1] == '\n');
            assertEquals(0, garbled, "garbled lines");
            assertEquals(1, markers, "marker lines");
            assertEquals(20_001, expect, "the stream ends with its last line");
            assertEquals(stream.length, file.length - markerBytes + r.bytes(),
                    "the bytes in the file and the bytes reported lost add up to the stream");
            System.out.println("fault: child log on full fs (unit) -> " + garbled + " garbled lines, "
                    + r.bytes() + " bytes reported lost, " + (file.length - markerBytes) + " kept");
        }
    }

    @Test
    void aLogClosedWhileTheDiskIsFullReportsItsLossUnmarked() throws Exception {
        List<Report> reports = new ArrayList<>();
        try (SmallTmpfs fs = SmallTmpfs.mount(dir.resolve("fs"), "1m")) {
            Path p = fs.dir().resolve("child.log");
            LossMarkingLog log = new LossMarkingLog(new RotatingLogFile(p, 0, 0),
                    (bytes, reason, marked) -> reports.add(new Report(bytes, reason, marked)));
            byte[] head = "a".repeat(4096).getBytes(StandardCharsets.US_ASCII); // no slack left
            log.write(head, 0, head.length);
            fs.fill();
            byte[] more = "b".repeat(500).getBytes(StandardCharsets.US_ASCII);
            assertThrows(IOException.class, () -> log.write(more, 0, more.length));
            log.write(more, 0, 100);
            assertEquals(4096, Files.size(p));
            log.close();
            assertEquals(List.of(new Report(600, "No space left on device", false)), reports);
        }
    }
}
