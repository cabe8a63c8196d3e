package io.jsupervisor.pycompat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Expected values printed by Python 3's str.strip() and str.isspace(). */
class PyStringsTest {

    @Test
    void stripsWhatPythonStrips() {
        assertEquals(List.of("a b\u2028\u200b", "", "x"),
                Stream.of("\u0085\u00a0 a b\u2028\u200b", "\t\u001f\u000b\u000c\u3000", "x").map(PyStrings::strip).toList());
    }

    @Test
    void spaceAsPython() {
        assertTrue(PyStrings.isSpace(0x1c) && PyStrings.isSpace(0xa0));
        assertFalse(PyStrings.isSpace(0x200b) || PyStrings.isSpace('_'));
    }
}
