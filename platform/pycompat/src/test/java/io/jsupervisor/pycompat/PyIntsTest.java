package io.jsupervisor.pycompat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class PyIntsTest {

    /** Expected values printed by Python 3's int(s). */
    @Test
    void base10AsPython() {
        assertEquals(BigInteger.valueOf(42), PyInts.parse(" 42 ", 10));
        assertEquals(BigInteger.valueOf(-1000), PyInts.parse("\u0085\u00a0-1_000\u3000", 10));
        assertEquals(BigInteger.ZERO, PyInts.parse("+0", 10));
        assertEquals(BigInteger.valueOf(7), PyInts.parse("0_7", 10));
        assertEquals(BigInteger.valueOf(34), PyInts.parse("\u0663\u0664", 10));
        assertEquals(new BigInteger("99999999999999999999"), PyInts.parse("99999999999999999999", 10));
        for (String refused : new String[] {"1_", "_1", "1__2", "", " + ", "-", "0o17", "1 2", "0x10", "1.0"}) {
            assertNull(PyInts.parse(refused, 10), refused);
        }
        assertEquals("invalid literal for int() with base 10: \"it's\"", PyInts.invalidLiteral("it's"));
    }

    /** Expected values printed by Python 3's int(s, 8). */
    @Test
    void base8AsPython() {
        assertEquals(BigInteger.valueOf(15), PyInts.parse("0o17", 8));
        assertEquals(BigInteger.valueOf(15), PyInts.parse("0O_17", 8));
        assertEquals(BigInteger.valueOf(15), PyInts.parse("0o1_7", 8));
        assertEquals(BigInteger.valueOf(-7), PyInts.parse(" -0o7 ", 8));
        assertEquals(BigInteger.valueOf(15), PyInts.parse("17", 8));
        assertEquals(BigInteger.ZERO, PyInts.parse("00", 8));
        for (String refused : new String[] {"0o", "0o_", "8", "0o__7", "7_"}) {
            assertNull(PyInts.parse(refused, 8), refused);
        }
    }
}
