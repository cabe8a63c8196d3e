package io.jsupervisor.core.internal.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RotatingLogFileTest {

    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void write(RotatingLogFile f, String s) throws IOException {
        byte[] b = bytes(s);
        f.write(b, 0, b.length);
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    private static Path backup(Path p, int n) {
        return Path.of(p + "." + n);
    }

    /** Concatenation of {@code .backups} ... {@code .1} and the current file, oldest first. */
    private static byte[] everything(Path p, int backups) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = backups; i >= 1; i--) {
            if (Files.exists(backup(p, i))) {
                all.writeBytes(Files.readAllBytes(backup(p, i)));
            }
        }
        all.writeBytes(Files.readAllBytes(p));
        return all.toByteArray();
    }

    private long countBackups(Path p) throws IOException {
        String prefix = p.getFileName() + ".";
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(x -> x.getFileName().toString().startsWith(prefix)).count();
        }
    }

    @Test
    void rotationKeepsEveryByteInOrder() throws IOException {
        Random rnd = new Random(1234);
        int[][] configs = {{100, 3}, {1000, 5}, {64, 1}, {4096, 10}, {1, 4}};
        for (int[] cfg : configs) {
            long maxbytes = cfg[0];
            int backups = cfg[1];
            for (int round = 0; round < 20; round++) {
                Path p = dir.resolve("keep-" + maxbytes + "-" + backups + "-" + round + ".log");
                long capacity = maxbytes * (backups + 1);
                ByteArrayOutputStream written = new ByteArrayOutputStream();
                try (RotatingLogFile f = new RotatingLogFile(p, maxbytes, backups)) {
                    while (true) {
                        int len = 1 + rnd.nextInt((int) Math.max(2, maxbytes * 3 / 2));
                        if (written.size() + len >= capacity) {
                            break;
                        }
                        byte[] chunk = new byte[len];
                        rnd.nextBytes(chunk);
                        int off = rnd.nextInt(3);
                        byte[] padded = new byte[len + off + 2];
                        System.arraycopy(chunk, 0, padded, off, len);
                        f.write(padded, off, len);
                        written.writeBytes(chunk);
                        assertTrue(countBackups(p) <= backups, "too many backups");
                        assertTrue(Files.size(p) < maxbytes, "current file not rotated");
                        for (int i = 1; i <= backups; i++) {
                            if (Files.exists(backup(p, i))) {
                                assertTrue(Files.size(backup(p, i)) >= maxbytes, "backup rotated early");
                            }
                        }
                        assertArrayEquals(written.toByteArray(), everything(p, backups),
                                "bytes lost or reordered (maxbytes=" + maxbytes + ", backups=" + backups + ")");
                    }
                }
            }
        }
    }

    @Test
    void aWriteIsNeverSplitAndOldBackupsFallOff() throws IOException {
        Path p = dir.resolve("split.log");
        try (RotatingLogFile f = new RotatingLogFile(p, 10, 2)) {
            write(f, "0123456789ABCDEF"); // 16 bytes, larger than maxbytes: kept whole in .1
            assertEquals("0123456789ABCDEF", read(backup(p, 1)));
            assertEquals("", read(p));
            write(f, "abc");
            assertEquals("abc", read(p));
            write(f, "defghijklm"); // reaches 13 >= 10: rotate
            assertEquals("abcdefghijklm", read(backup(p, 1)));
            assertEquals("0123456789ABCDEF", read(backup(p, 2)));
            write(f, "zzzzzzzzzz");
            assertEquals("zzzzzzzzzz", read(backup(p, 1)));
            assertEquals("abcdefghijklm", read(backup(p, 2)));
            assertFalse(Files.exists(backup(p, 3)));
            assertEquals(2, countBackups(p));
        }
    }

    @Test
    void longRunKeepsTheNewestBytesAndExactlyBackupsFiles() throws IOException {
        Path p = dir.resolve("long.log");
        Random rnd = new Random(7);
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        try (RotatingLogFile f = new RotatingLogFile(p, 500, 3)) {
            for (int i = 0; i < 2000; i++) {
                byte[] chunk = new byte[1 + rnd.nextInt(120)];
                rnd.nextBytes(chunk);
                f.write(chunk, 0, chunk.length);
                written.writeBytes(chunk);
                assertTrue(countBackups(p) <= 3);
            }
        }
        assertEquals(3, countBackups(p));
        byte[] all = written.toByteArray();
        byte[] kept = everything(p, 3);
        assertArrayEquals(Arrays.copyOfRange(all, all.length - kept.length, all.length), kept,
                "the kept files must be the newest bytes, in order");
    }

    @Test
    void noBackupsTruncatesInstead() throws IOException {
        Path p = dir.resolve("nobackup.log");
        try (RotatingLogFile f = new RotatingLogFile(p, 8, 0)) {
            write(f, "1234");
            assertEquals("1234", read(p));
            write(f, "56789");
            assertEquals("", read(p));
            assertFalse(Files.exists(backup(p, 1)));
            write(f, "ab");
            assertEquals("ab", read(p));
        }
    }

    @Test
    void maxbytesZeroNeverRotates() throws IOException {
        Path p = dir.resolve("norotate.log");
        try (RotatingLogFile f = new RotatingLogFile(p, 0, 5)) {
            for (int i = 0; i < 100; i++) {
                write(f, "line " + i + "\n");
            }
        }
        assertEquals(0, countBackups(p));
        assertTrue(read(p).startsWith("line 0\nline 1\n"));
        assertTrue(read(p).endsWith("line 99\n"));
    }

    @Test
    void opensInAppendModeAndCountsExistingBytes() throws IOException {
        Path p = dir.resolve("append.log");
        Files.writeString(p, "old-content\n");
        try (RotatingLogFile f = new RotatingLogFile(p, 15, 1)) {
            assertEquals(p, f.path());
            write(f, "new"); // 12 + 3 = 15 >= 15: rotate
        }
        assertEquals("old-content\nnew", read(backup(p, 1)));
        assertEquals("", read(p));
    }

    @Test
    void reopenAfterLogrotateMovedTheFile() throws IOException {
        Path p = dir.resolve("reopen.log");
        Path moved = dir.resolve("reopen.log.moved");
        try (RotatingLogFile f = new RotatingLogFile(p, 0, 0)) {
            write(f, "before\n");
            Files.move(p, moved);
            write(f, "still-old\n"); // the open file is the moved one until reopen
            f.reopen();
            assertTrue(Files.exists(p));
            write(f, "after\n");
        }
        assertEquals("before\nstill-old\n", read(moved));
        assertEquals("after\n", read(p));
    }

    @Test
    void rotationAfterFileWasMovedAwayStillWorks() throws IOException {
        Path p = dir.resolve("movedaway.log");
        Path moved = dir.resolve("elsewhere.log");
        try (RotatingLogFile f = new RotatingLogFile(p, 10, 2)) {
            write(f, "12345");
            Files.move(p, moved);
            write(f, "67890"); // our file reaches 10: rotation finds no file at the path
            write(f, "fresh");
        }
        assertEquals("1234567890", read(moved));
        assertEquals("fresh", read(p));
    }

    @Test
    void clearRemovesTheCurrentFileAndStartsAnEmptyOne() throws IOException {
        Path p = dir.resolve("clear.log");
        try (RotatingLogFile f = new RotatingLogFile(p, 10, 2)) {
            write(f, "0123456789"); // rotated to .1
            write(f, "abc");
            f.clear();
            assertTrue(Files.exists(p));
            assertEquals("", read(p));
            // the reference's clearProcessLogs only removes the current file; backups stay
            assertEquals("0123456789", read(backup(p, 1)));
            write(f, "new");
            assertEquals("new", read(p));
        }
    }

    @Test
    void clearOfAFileSomeoneAlreadyRemovedIsFine() throws IOException {
        Path p = dir.resolve("gone.log");
        try (RotatingLogFile f = new RotatingLogFile(p, 0, 0)) {
            write(f, "x");
            Files.delete(p);
            f.clear();
            write(f, "y");
        }
        assertEquals("y", read(p));
    }

    @Test
    void openFailureNamesThePath() {
        Path p = dir.resolve("no-such-dir").resolve("x.log");
        IOException e = assertThrows(IOException.class, () -> new RotatingLogFile(p, 0, 0));
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
    }

    @Test
    void writeAfterCloseFails() throws IOException {
        RotatingLogFile f = new RotatingLogFile(dir.resolve("closed.log"), 0, 0);
        f.close();
        f.close();
        assertThrows(IOException.class, () -> write(f, "x"));
    }

    @Test
    void interruptedWriterDoesNotBreakTheFile() throws IOException {
        Path p = dir.resolve("interrupt.log");
        try (RotatingLogFile f = new RotatingLogFile(p, 20, 1)) {
            Thread.currentThread().interrupt();
            try {
                write(f, "0123456789");
                write(f, "0123456789"); // rotates while interrupted
                write(f, "after");
            } finally {
                Thread.interrupted();
            }
            write(f, "!");
        }
        assertEquals("01234567890123456789", read(backup(p, 1)));
        assertEquals("after!", read(p));
    }

    @Test
    void fifoTargetIsWrittenWithoutSeekingOrTruncating() throws Exception {
        Path fifo = Fifo.make(dir, "out.fifo");
        CompletableFuture<byte[]> reader = Fifo.drain(fifo);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        // maxbytes > 0 must be harmless on a special file: it is never rotated
        try (RotatingLogFile f = new RotatingLogFile(fifo, 16, 2)) {
            for (int i = 0; i < 200; i++) {
                byte[] b = bytes("chunk " + i + "\n");
                f.write(b, 0, b.length);
                expected.writeBytes(b);
            }
            f.reopen();
            write(f, "after reopen\n");
            expected.writeBytes(bytes("after reopen\n"));
            assertThrows(IOException.class, f::clear);
        }
        assertArrayEquals(expected.toByteArray(), reader.get(30, TimeUnit.SECONDS));
        assertFalse(Files.exists(backup(fifo, 1)));
        assertTrue(Files.exists(fifo));
    }

    @Test
    void devNullWithMaxbytesIsNeverRotated() throws IOException {
        Path devNull = Path.of("/dev/null");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(devNull));
        try (RotatingLogFile f = new RotatingLogFile(devNull, 1, 1)) {
            write(f, "discarded");
            write(f, "discarded");
        }
        assertFalse(Files.exists(Path.of("/dev/null.1")));
    }

    @Test
    void aWriteThatFailsHalfWayOnAFullDiskLeavesNoFragment() throws Exception {
        try (SmallTmpfs fs = SmallTmpfs.mount(dir.resolve("fs"), "1m")) {
            Path p = fs.dir().resolve("x.log");
            String head = "a".repeat(3999) + "\n"; // 4000 bytes: 96 free in the file's last page
            try (RotatingLogFile f = new RotatingLogFile(p, 0, 0)) {
                write(f, head);
                fs.fill();
                byte[] line = bytes("b".repeat(199) + "\n");
                assertThrows(IOException.class, () -> f.write(line, 0, line.length));
                assertEquals(4000, Files.size(p), "the array write's first 96 bytes were cut off again");
                ByteBuffer direct = ByteBuffer.allocateDirect(line.length).put(line).flip();
                assertThrows(IOException.class, () -> f.write(direct));
                assertEquals(4000, Files.size(p), "the buffer write's first 96 bytes were cut off again");
                fs.free();
                write(f, "c\n");
                f.write(ByteBuffer.wrap(bytes("d\n")));
            }
            assertEquals(head + "c\nd\n", read(p));
        }
    }
}
