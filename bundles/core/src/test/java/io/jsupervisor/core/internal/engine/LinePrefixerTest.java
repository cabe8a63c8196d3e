package io.jsupervisor.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link LinePrefixer}: whole lines out, partial ones held, long ones cut between characters. */
class LinePrefixerTest {
    private static String apply(LinePrefixer p, String text, long now) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return new String(p.apply(b, b.length, now), StandardCharsets.UTF_8);
    }

    @Test
    void aPartialLineWaitsForItsEndAndIsPrefixedOnce() {
        LinePrefixer p = new LinePrefixer("w | ");
        assertEquals("w | one\n", apply(p, "one\ntw", 1_000));
        assertTrue(p.holding());
        assertEquals(1_000 + LinePrefixer.HOLD_NANOS, p.flushDeadline());
        assertEquals("", apply(p, "o and", 2_000));
        assertEquals(1_000 + LinePrefixer.HOLD_NANOS, p.flushDeadline(), "the wait counts from the line's first bytes");
        assertEquals("w | two and three\nw | four\n", apply(p, " three\nfour\n", 3_000));
        assertFalse(p.holding());
    }

    @Test
    void aLineThatWaitedTooLongGoesOutAndItsRestFollowsWithoutASecondPrefix() {
        LinePrefixer p = new LinePrefixer("w | ");
        assertEquals("", apply(p, "slow", 0));
        assertEquals("w | slow", new String(p.flush(), StandardCharsets.UTF_8));
        assertFalse(p.holding());
        assertEquals("ly\nw | next\n", apply(p, "ly\nnext\n", 5));
    }

    @Test
    void anOverlongLineIsCutBetweenCharacters() {
        LinePrefixer p = new LinePrefixer("");
        String line = "é".repeat(LinePrefixer.MAX_HELD / 2) + "x" + "é"; // one byte over, then é
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        // hand it over with é's second byte missing: the cut must not split that character
        byte[] out = p.apply(b, b.length - 1, 0);
        assertEquals(b.length - 2, out.length);
        assertEquals(line.substring(0, line.length() - 1), new String(out, StandardCharsets.UTF_8));
        assertTrue(p.holding());
        assertEquals(1, p.flush().length);
    }

    @Test
    void utf8Boundaries() {
        byte[] b = "aé€😀".getBytes(StandardCharsets.UTF_8); // 1 + 2 + 3 + 4 bytes
        assertEquals(10, LinePrefixer.utf8Boundary(b, 10));
        assertEquals(6, LinePrefixer.utf8Boundary(b, 9));
        assertEquals(6, LinePrefixer.utf8Boundary(b, 7));
        assertEquals(6, LinePrefixer.utf8Boundary(b, 6));
        assertEquals(3, LinePrefixer.utf8Boundary(b, 5));
        assertEquals(1, LinePrefixer.utf8Boundary(b, 2));
        assertEquals(1, LinePrefixer.utf8Boundary(b, 1));
    }
}
