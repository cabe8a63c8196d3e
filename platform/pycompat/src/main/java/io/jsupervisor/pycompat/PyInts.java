package io.jsupervisor.pycompat;

import java.math.BigInteger;

/**
 * Python 3's {@code int(s, base)} on a string for base 10 or 8, so that what the reference
 * accepts as a number (surrounding whitespace, a sign, underscores between digits, any Unicode
 * decimal digit, a {@code 0o} prefix in base 8) is a number here too, and nothing else is.
 */
public final class PyInts {

    private PyInts() {
    }

    /**
     * The value of {@code int(text, base)}, unbounded as Python's int is, or {@code null} where
     * Python raises ValueError.
     *
     * @param base 10 or 8
     */
    public static BigInteger parse(String text, int base) {
        String s = PyStrings.strip(text);
        int i = 0;
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        if (base == 8 && s.length() - i >= 2 && s.charAt(i) == '0'
                && (s.charAt(i + 1) == 'o' || s.charAt(i + 1) == 'O')) {
            i += 2;
            if (i < s.length() && s.charAt(i) == '_') {
                i++;
            }
        }
        StringBuilder digits = new StringBuilder(s.length() - i);
        boolean lastWasDigit = false;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '_') {
                if (!lastWasDigit) {
                    return null;
                }
                lastWasDigit = false;
                continue;
            }
            int d = Character.digit(c, base);
            if (d < 0) {
                return null;
            }
            digits.append((char) ('0' + d));
            lastWasDigit = true;
        }
        if (!lastWasDigit) {
            return null;
        }
        BigInteger value = new BigInteger(digits.toString(), base);
        return negative ? value.negate() : value;
    }

    /** The message of the ValueError that {@code int(text)} raises when {@link #parse} gives null. */
    public static String invalidLiteral(String text) {
        return "invalid literal for int() with base 10: " + PyRepr.repr(text);
    }
}
