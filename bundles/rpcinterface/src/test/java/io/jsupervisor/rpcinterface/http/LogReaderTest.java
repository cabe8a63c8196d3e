package io.jsupervisor.rpcinterface.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogReaderTest {
    @TempDir
    Path tmp;

    @Test
    void readsTheTailThenWhatFollowsFromTheOffset() throws Exception {
        Path f = tmp.resolve("log");
        Files.writeString(f, "0123456789");
        LogReader.Slice s = LogReader.read(f, -1, 4);
        assertEquals("6789", s.text());
        assertEquals(10, s.next());
        Files.writeString(f, "0123456789abc");
        s = LogReader.read(f, s.next(), 4);
        assertEquals("abc", s.text());
        assertEquals(13, s.next());
        assertFalse(s.reset());
        assertEquals("", LogReader.read(f, 13, 4).text());
    }

    @Test
    void aTruncatedFileStartsOver() throws Exception {
        Path f = tmp.resolve("log");
        Files.writeString(f, "new");
        LogReader.Slice s = LogReader.read(f, 500, 1024);
        assertTrue(s.reset());
        assertEquals("new", s.text());
        assertEquals(3, s.next());
    }

    @Test
    void neverSplitsAUtf8Character() throws Exception {
        Path f = tmp.resolve("log");
        byte[] text = "aé€😀".getBytes(StandardCharsets.UTF_8); // 1 + 2 + 3 + 4 bytes
        Files.write(f, text);
        StringBuilder seen = new StringBuilder();
        long offset = 0;
        for (int i = 0; i < 20 && offset < text.length; i++) {
            LogReader.Slice s = LogReader.read(f, offset, 5); // chunks of 5 bytes cut every character but 'a'
            assertTrue(s.next() > offset, "no progress at " + offset);
            seen.append(s.text());
            offset = s.next();
        }
        assertEquals("aé€😀", seen.toString());
        assertEquals(1, LogReader.completeUpTo(new byte[] {'a', (byte) 0xE2, (byte) 0x82}));
        assertEquals(4, LogReader.completeUpTo("a€".getBytes(StandardCharsets.UTF_8)));
    }
}
