package io.jsupervisor.core.internal.log;

import io.jsupervisor.api.config.LogLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ActivityLogTest {

    private static final Pattern LINE = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}),(\\d{3}) (CRIT|ERRO|WARN|INFO|DEBG|TRAC|BLAT) (.*)\n",
            Pattern.DOTALL);

    @TempDir
    Path dir;

    private static String text(ByteArrayOutputStream out) {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void lineFormatMatchesTheReference() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ActivityLog log = ActivityLog.toStream(new PrintStream(out, true, StandardCharsets.UTF_8), LogLevel.INFO);
        LocalDateTime before = LocalDateTime.now().withNano(0);
        log.info("spawned: 'cat' with pid 42");
        LocalDateTime after = LocalDateTime.now();
        Matcher m = LINE.matcher(text(out));
        assertTrue(m.matches(), text(out));
        assertEquals("INFO", m.group(3));
        assertEquals("spawned: 'cat' with pid 42", m.group(4));
        LocalDateTime stamp = LocalDateTime.parse(m.group(1), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
        assertFalse(stamp.isBefore(before), "timestamp is local time");
        assertFalse(stamp.isAfter(after), "timestamp is local time");
        assertNull(log.logfile());
    }

    @Test
    void formatOfAKnownInstant() {
        long millis = 1_795_000_000_007L;
        String line = ActivityLog.format(LogLevel.CRITICAL, "boom", millis);
        LocalDateTime t = LocalDateTime.ofInstant(java.time.Instant.ofEpochMilli(millis), java.time.ZoneId.systemDefault());
        assertEquals(t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")) + ",007 CRIT boom\n", line);
    }

    @Test
    void everyLevelHasItsLabel() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ActivityLog log = ActivityLog.toStream(new PrintStream(out, true, StandardCharsets.UTF_8), LogLevel.BLATHER);
        log.critical("c");
        log.error("e");
        log.warn("w");
        log.info("i");
        log.debug("d");
        log.trace("t");
        log.blather("b");
        String[] lines = text(out).split("\n");
        String[] expected = {"CRIT c", "ERRO e", "WARN w", "INFO i", "DEBG d", "TRAC t", "BLAT b"};
        assertEquals(expected.length, lines.length);
        for (int i = 0; i < lines.length; i++) {
            assertTrue(LINE.matcher(lines[i] + "\n").matches(), lines[i]);
            assertTrue(lines[i].endsWith(" " + expected[i]), lines[i]);
        }
    }

    @Test
    void multiLineMessageIsWrittenUnderOneHeader() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ActivityLog log = ActivityLog.toStream(new PrintStream(out, true, StandardCharsets.UTF_8), LogLevel.DEBUG);
        log.debug("'cat' stdout output:\nhello\nworld\n");
        Matcher m = LINE.matcher(text(out));
        assertTrue(m.matches(), text(out));
        assertEquals("DEBG", m.group(3));
        // the reference appends its newline even when the message already ends with one
        assertEquals("'cat' stdout output:\nhello\nworld\n", m.group(4));
        assertTrue(text(out).endsWith("world\n\n"));
    }

    @Test
    void levelFiltering() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ActivityLog log = ActivityLog.toStream(new PrintStream(out, true, StandardCharsets.UTF_8), LogLevel.WARN);
        assertEquals(LogLevel.WARN, log.level());
        log.blather("no");
        log.trace("no");
        log.debug("no");
        log.info("no");
        log.log(LogLevel.INFO, "no");
        log.warn("yes1");
        log.error("yes2");
        log.critical("yes3");
        log.log(LogLevel.WARN, "yes4");
        String s = text(out);
        assertFalse(s.contains("no"), s);
        assertEquals(4, s.split("\n").length, s);
        assertTrue(log.isEnabled(LogLevel.WARN));
        assertTrue(log.isEnabled(LogLevel.CRITICAL));
        assertFalse(log.isEnabled(LogLevel.INFO));
        assertFalse(log.isEnabled(LogLevel.BLATHER));
    }

    @Test
    void writesTheFileAndEchoes() throws IOException {
        Path p = dir.resolve("supervisord.log");
        ByteArrayOutputStream echo = new ByteArrayOutputStream();
        try (ActivityLog log = new ActivityLog(p.toString(), 0, 0, LogLevel.INFO,
                new PrintStream(echo, true, StandardCharsets.UTF_8))) {
            assertEquals(p.toString(), log.logfile());
            log.info("supervisord started with pid 1");
            log.debug("hidden");
            log.warn("ünïcode ✓");
        }
        String file = Files.readString(p, StandardCharsets.UTF_8);
        assertEquals(file, text(echo));
        String[] lines = file.split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[0].endsWith(" INFO supervisord started with pid 1"));
        assertTrue(lines[1].endsWith(" WARN ünïcode ✓"));
    }

    @Test
    void appendsToAnExistingLog() throws IOException {
        Path p = dir.resolve("existing.log");
        Files.writeString(p, "previous run\n");
        try (ActivityLog log = new ActivityLog(p.toString(), 0, 0, LogLevel.INFO, null)) {
            log.info("again");
        }
        String s = Files.readString(p);
        assertTrue(s.startsWith("previous run\n"));
        assertTrue(s.endsWith(" INFO again\n"));
    }

    @Test
    void rotatesWithLinesKeptWhole() throws IOException {
        Path p = dir.resolve("rot.log");
        try (ActivityLog log = new ActivityLog(p.toString(), 200, 2, LogLevel.INFO, null)) {
            for (int i = 0; i < 12; i++) {
                log.info("message number " + i);
            }
        }
        assertTrue(Files.exists(Path.of(p + ".1")));
        assertTrue(Files.exists(Path.of(p + ".2")));
        assertFalse(Files.exists(Path.of(p + ".3")));
        for (String name : new String[] {p.toString(), p + ".1", p + ".2"}) {
            String s = Files.readString(Path.of(name));
            for (String line : s.split("(?<=\n)")) {
                if (!line.isEmpty()) {
                    assertTrue(LINE.matcher(line).matches(), name + ": " + line);
                }
            }
        }
        assertTrue(Files.readString(p).isEmpty() || Files.readString(p).contains("message number 11"));
    }

    @Test
    void concurrentWritersNeverInterleaveWithinALine() throws Exception {
        Path p = dir.resolve("threads.log");
        int threads = 8;
        int perThread = 400;
        try (ActivityLog log = new ActivityLog(p.toString(), 0, 0, LogLevel.INFO, null)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread w = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < perThread; i++) {
                        log.info("thread " + id + " message " + i + " " + "x".repeat(i % 97));
                    }
                });
                workers.add(w);
                w.start();
            }
            start.countDown();
            for (Thread w : workers) {
                w.join(60_000);
            }
        }
        String[] lines = Files.readString(p).split("\n");
        assertEquals(threads * perThread, lines.length);
        Pattern body = Pattern.compile("thread (\\d+) message (\\d+) (x*)");
        Set<String> seen = new HashSet<>();
        for (String line : lines) {
            Matcher m = LINE.matcher(line + "\n");
            assertTrue(m.matches(), line);
            Matcher b = body.matcher(m.group(4));
            assertTrue(b.matches(), line);
            assertEquals(Integer.parseInt(b.group(2)) % 97, b.group(3).length(), line);
            assertTrue(seen.add(b.group(1) + "/" + b.group(2)), "duplicate " + line);
        }
    }

    @Test
    void reopenAfterLogrotateMovedTheFile() throws IOException {
        Path p = dir.resolve("main.log");
        Path moved = dir.resolve("main.log.rotated");
        try (ActivityLog log = new ActivityLog(p.toString(), 0, 0, LogLevel.INFO, null)) {
            log.info("old line");
            Files.move(p, moved);
            log.reopen();
            log.info("new line");
        }
        assertTrue(Files.readString(moved).endsWith(" INFO old line\n"));
        assertFalse(Files.readString(moved).contains("new line"));
        String now = Files.readString(p);
        assertTrue(now.endsWith(" INFO new line\n"));
        assertFalse(now.contains("old line"));
    }

    @Test
    void openFailureNamesThePath() {
        String bad = dir.resolve("missing-dir").resolve("supervisord.log").toString();
        IOException e = assertThrows(IOException.class, () -> new ActivityLog(bad, 0, 0, LogLevel.INFO, null));
        assertTrue(e.getMessage().contains(bad), e.getMessage());
    }

    @Test
    void writeFailureIsReportedOnceAndNeverThrown() throws IOException {
        Path devFull = Path.of("/dev/full");
        assumeTrue(Files.exists(devFull), "needs /dev/full");
        PrintStream savedErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream echo = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try (ActivityLog log = new ActivityLog(devFull.toString(), 0, 0, LogLevel.INFO,
                new PrintStream(echo, true, StandardCharsets.UTF_8))) {
            log.info("one");
            log.info("two");
            log.error("three");
        } finally {
            System.setErr(savedErr);
        }
        String reported = text(err);
        assertTrue(reported.contains("/dev/full"), reported);
        assertEquals(1, reported.split("\n").length, reported);
        assertEquals(3, text(echo).split("\n").length, "the echo keeps working");
    }

    @Test
    void fifoAsLogfile() throws Exception {
        Path fifo = Fifo.make(dir, "activity.fifo");
        CompletableFuture<byte[]> reader = Fifo.drain(fifo);
        try (ActivityLog log = new ActivityLog(fifo.toString(), 50 * 1024 * 1024, 10, LogLevel.INFO, null)) {
            for (int i = 0; i < 100; i++) {
                log.info("to the pipe " + i);
            }
        }
        String got = new String(reader.get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8);
        String[] lines = got.split("\n");
        assertEquals(100, lines.length);
        assertTrue(lines[99].endsWith(" INFO to the pipe 99"));
    }

    @Test
    void closeIsIdempotentAndLaterMessagesAreDropped() throws IOException {
        Path p = dir.resolve("closed.log");
        ActivityLog log = new ActivityLog(p.toString(), 0, 0, LogLevel.INFO, null);
        log.info("a");
        log.close();
        log.close();
        log.info("b");
        log.reopen();
        assertEquals(1, Files.readString(p).split("\n").length);
    }

    @Test
    void aLineThatFailsHalfWayOnAFullDiskIsCutOutAndCounted() throws Exception {
        PrintStream savedErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try (SmallTmpfs fs = SmallTmpfs.mount(dir.resolve("fs"), "1m")) {
            Path p = fs.dir().resolve("supervisord.log");
            try (ActivityLog log = new ActivityLog(p.toString(), 0, 0, LogLevel.INFO, null)) {
                log.info("x".repeat(3970)); // a 4000 byte line: 96 bytes free in the last page
                fs.fill();
                log.warn("exited: flap_5 (exit status 1; not expected)" + " ".repeat(150)); // 96 of it fit
                log.warn("exited: flap_6 (exit status 1; not expected)");
                assertEquals(4000, Files.size(p), "no fragment of the failed lines");
                fs.free();
                log.info("spawned: 'flap_5' with pid 42");
            }
            List<String> lines = new ArrayList<>();
            Matcher m = LINE.matcher("");
            for (String line : Files.readString(p).split("(?<=\n)")) {
                assertTrue(m.reset(line).matches(), "garbled line: " + line);
                assertFalse(m.group(4).matches(".*\\d{4}-\\d{2}-\\d{2} .*"), "two stamps in one line: " + line);
                lines.add(m.group(3) + " " + m.group(4).strip());
            }
            assertEquals(3, lines.size(), lines.toString());
            assertEquals("WARN 2 lines (298 bytes) could not be written to this log: No space left on device",
                    lines.get(1));
            assertEquals("INFO spawned: 'flap_5' with pid 42", lines.get(2));
            System.out.println("fault: activity log on full fs (unit) -> 0 garbled lines, 2 lines reported lost");
        } finally {
            System.setErr(savedErr);
        }
        assertEquals(1, text(err).split("\n").length, "one report on stderr: " + text(err));
    }
}
