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

    /** Inputs beyond the Basic Multilingual Plane, lone surrogates, invisible characters, and Python 3's repr() of each. */
    private static final String[][] ESCAPED = {
        {"both ' and \"", "'both \\' and \"'"},
        {"\t\n\r\u0000\u001f\u007f", "'\\t\\n\\r\\x00\\x1f\\x7f'"},
        {"\u0080\u0085\u00a0\u00ad\u00e9", "'\\x80\\x85\\xa0\\xad\u00e9'"},
        {"\u2028\u2029\u200b\ufeff\ue000\uffff", "'\\u2028\\u2029\\u200b\\ufeff\\ue000\\uffff'"},
        {"\ud83d\ude00 \ud800 x \udfff", "'\ud83d\ude00 \\ud800 x \\udfff'"},
        {"\udbff\udfff\u0378\u3000\u1680\u4e2d", "'\\U0010ffff\\u0378\\u3000\\u1680\u4e2d'"},
    };

    @Test
    void escapesWhatPythonDoesNotPrint() {
        for (String[] inputAndRepr : ESCAPED) {
            assertEquals(inputAndRepr[1], PyRepr.repr(inputAndRepr[0]));
        }
    }
}
