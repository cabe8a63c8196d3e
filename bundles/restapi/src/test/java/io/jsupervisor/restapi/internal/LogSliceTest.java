package io.jsupervisor.restapi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogSliceTest {
    @TempDir
    Path dir;

    @Test
    void readsFromAnOffsetOrFromTheEndAndFollows() throws Exception {
        Path f = dir.resolve("out.log");
        Files.writeString(f, "0123456789");
        LogSlice s = LogSlice.read(f, 2, 3);
        assertEquals("234", s.text());
        assertEquals(2, s.offset());
        assertEquals(5, s.next());
        assertEquals(10, s.size());
        assertFalse(s.reset());
        LogSlice tail = LogSlice.read(f, -4, 100);
        assertEquals("6789", tail.text());
        assertEquals(10, tail.next());
        assertEquals("", LogSlice.read(f, 10, 100).text(), "nothing new yet");
        Files.writeString(f, "ab", java.nio.file.StandardOpenOption.APPEND);
        assertEquals("ab", LogSlice.read(f, tail.next(), 100).text());
    }

    @Test
    void aFileThatShrankBelowTheOffsetIsReadAgainFromItsStart() throws Exception {
        Path f = dir.resolve("out.log");
        Files.writeString(f, "new");
        LogSlice s = LogSlice.read(f, 50, 100);
        assertTrue(s.reset());
        assertEquals("new", s.text());
        assertEquals(0, s.offset());
    }

    @Test
    void invalidUtf8BecomesReplacementCharactersAndACutCharacterWaits() throws Exception {
        Path f = dir.resolve("out.log");
        Files.write(f, new byte[] {'a', (byte) 0xff, 'b', (byte) 0xc3});
        LogSlice s = LogSlice.read(f, 0, 100);
        assertEquals("a\uFFFDb", s.text());
        assertEquals(3, s.next(), "the lead byte of a character still being written is read next time");
        Files.write(f, new byte[] {(byte) 0xa9, '\n'}, java.nio.file.StandardOpenOption.APPEND);
        assertEquals("\u00e9\n", LogSlice.read(f, s.next(), 100).text());
    }
}
