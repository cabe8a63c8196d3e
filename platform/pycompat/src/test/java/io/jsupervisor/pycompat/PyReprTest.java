package io.jsupervisor.pycompat;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PyReprTest {

    /** Expected values printed by Python 3's repr(). */
    @Test
    void matchesPython() {
        assertEquals("\"it's\"", PyRepr.repr("it's"));
        assertEquals("'a\"b\\'c'", PyRepr.repr("a\"b'c"));
        assertEquals("'tab\\there\\x7f\\x85é\\u2028'", PyRepr.repr("tab\there\u007f\u0085é\u2028"));
        assertEquals("'/var/log/x.log'", PyRepr.repr("/var/log/x.log"));
        assertEquals("'back\\\\slash\\n'", PyRepr.repr("back\\slash\n"));
        assertEquals("None", PyRepr.repr(null));
    }
}
