package io.jsupervisor.core.internal.log;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class AnsiStripperTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static String stripWhole(String in) {
        AnsiStripper st = new AnsiStripper();
        return s(st.strip(b(in), 0, in.length())) + s(st.flush());
    }

    /** Expected values produced by the reference's stripEscapes on the same input. */
    @Test
    void matchesReferenceOnSingleChunks() {
        String[][] cases = {
            {"\u001b[31mred\u001b[0m plain", "red plain"},
            {"a\u001b[", "a"},
            {"a\u001bb", "a\u001bb"},
            {"\u001b\u001b[1mx", "\u001bx"},
            {"x\u001b[[my", "xy"},
            {"\u001b[2J\u001b[Hclear", "clear"},
            {"\u001b[?25lhide\u001b[?25h", "hide"},
            {"a\u001b[1;31xyzmb", "ab"},
            {"tail\u001b", "tail\u001b"},
            {"\u001b[1mbold\u001b[0m\n", "bold\n"},
            {"", ""},
            {"no escapes at all", "no escapes at all"},
        };
        for (String[] c : cases) {
            assertEquals(c[1], stripWhole(c[0]), () -> "input " + c[0].replace("\u001b", "ESC"));
        }
    }

    @Test
    void sequenceSplitAcrossTwoWritesAtEveryPosition() {
        String in = "start \u001b[1;31mred\u001b[0m mid\u001b\u001b[Kend \u001bx \u001b[?25h!";
        String expected = stripWhole(in);
        assertEquals("start red mid\u001bend \u001bx !", expected);
        for (int k = 0; k <= in.length(); k++) {
            AnsiStripper st = new AnsiStripper();
            byte[] all = b(in);
            String got = s(st.strip(all, 0, k)) + s(st.strip(all, k, all.length - k)) + s(st.flush());
            assertEquals(expected, got, "split at " + k);
        }
    }

    @Test
    void splitRightAfterEscIsHeldThenRemoved() {
        AnsiStripper st = new AnsiStripper();
        assertEquals("abc", s(st.strip(b("abc\u001b"))));
        assertEquals("def", s(st.strip(b("[32mdef"))));
        // a held ESC not followed by '[' comes out with the next chunk
        assertEquals("x", s(st.strip(b("x\u001b"))));
        assertEquals("\u001bq", s(st.strip(b("q"))));
        // an unfinished sequence keeps swallowing into the next chunk until its terminator
        assertEquals("a", s(st.strip(b("a\u001b[12;3"))));
        assertEquals("b", s(st.strip(b("4Hb"))));
        assertArrayEquals(new byte[0], st.flush());
    }

    @Test
    void offsetAndLengthAreHonoured() {
        AnsiStripper st = new AnsiStripper();
        byte[] buf = b("XX\u001b[1mhi\u001b[0mYY");
        assertEquals("hi", s(st.strip(buf, 2, buf.length - 4)));
    }

    @Test
    void randomChunkingGivesTheSameResultAsOneChunk() {
        Random rnd = new Random(42);
        String alphabet = "\u001b[m1;Hxy\n";
        for (int round = 0; round < 300; round++) {
            StringBuilder sb = new StringBuilder();
            int n = rnd.nextInt(60);
            for (int i = 0; i < n; i++) {
                sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
            String in = sb.toString();
            String expected = stripWhole(in);
            AnsiStripper st = new AnsiStripper();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] all = b(in);
            int pos = 0;
            while (pos < all.length) {
                int len = Math.min(all.length - pos, 1 + rnd.nextInt(5));
                got.writeBytes(st.strip(all, pos, len));
                pos += len;
            }
            got.writeBytes(st.flush());
            assertEquals(expected, s(got.toByteArray()), "input " + in.replace("\u001b", "ESC"));
        }
    }
}
