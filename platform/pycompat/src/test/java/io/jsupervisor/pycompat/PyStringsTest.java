package io.jsupervisor.pycompat;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PyStringsTest {

    /** Expected values printed by Python 3's str.strip() and str.isspace(). */
    @Test
    void whitespaceAsPython() {
        assertEquals("a b\u2028\u200b", PyStrings.strip("\u0085\u00a0 a b\u2028\u200b"));
        assertEquals("", PyStrings.strip("\t\u001f\u000b\u000c\u3000"));
        assertEquals("x", PyStrings.strip("x"));
        assertTrue(PyStrings.isSpace(0x1c));
        assertTrue(PyStrings.isSpace(0xa0));
        assertFalse(PyStrings.isSpace(0x200b));
        assertFalse(PyStrings.isSpace('_'));
    }
}
