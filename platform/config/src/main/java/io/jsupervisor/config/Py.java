package io.jsupervisor.config;

import io.jsupervisor.pycompat.PyInts;
import io.jsupervisor.pycompat.PyStrings;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Small pieces of Python behaviour the reference's messages and values depend on. */
final class Py {
    private Py() {}

    /** Python's {@code str.isspace()} for one character. */
    static boolean isSpace(int c) {
        return PyStrings.isSpace(c);
    }

    /** Python's {@code str.strip()} (no argument). */
    static String strip(String s) {
        return PyStrings.strip(s);
    }

    static String rstrip(String s) {
        int e = s.length();
        while (e > 0 && isSpace(s.charAt(e - 1))) {
            e--;
        }
        return s.substring(0, e);
    }

    /** Python's {@code str.split()} without argument. */
    static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && isSpace(s.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isSpace(s.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(s.substring(start, i));
            }
        }
        return out;
    }

    /** Python's {@code repr()} of a str. */
    static String repr(String s) {
        return io.jsupervisor.pycompat.PyRepr.repr(s);
    }

    /** repr() of a value that is a str or an int. */
    static String repr(Object o) {
        return o instanceof String s ? repr(s) : String.valueOf(o);
    }

    /**
     * Python's {@code int(s)} (base 10) with its error message. Python's ints have no size; a
     * value beyond a long is a config error here ("too large") rather than a crash.
     */
    static long parseInt(String s) {
        Long v;
        try {
            v = parseIntOrNull(s, 10);
        } catch (ArithmeticException e) {
            throw new PyValueError("value " + repr(s) + " is too large");
        }
        if (v == null) {
            throw new PyValueError(PyInts.invalidLiteral(s));
        }
        return v;
    }

    /**
     * Python's {@code int(s, base)} for base 8 or 10, or null when Python would refuse it.
     *
     * @throws ArithmeticException when the value does not fit a long either way round
     */
    static Long parseIntOrNull(String raw, int base) {
        BigInteger v = PyInts.parse(raw, base);
        if (v == null) {
            return null;
        }
        if (v.abs().bitLength() > 63) {
            throw new ArithmeticException("long overflow");
        }
        return v.longValue();
    }

    /** A Python-like repr of a dict (used only when a format string has an unnamed %s). */
    static String repr(Map<String, Object> map) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Object> e : map.entrySet()) {
            parts.add(repr(e.getKey()) + ": " + repr(e.getValue()));
        }
        return "{" + String.join(", ", parts) + "}";
    }

    static <T extends Comparable<T>> List<T> sorted(java.util.Collection<T> c) {
        List<T> l = new ArrayList<>(c);
        Collections.sort(l);
        return l;
    }
}
