package io.jsupervisor.rpcinterface.internal.supervisor;

import io.jsupervisor.api.process.Fault;
import io.jsupervisor.api.process.SupervisorException;
import io.jsupervisor.pycompat.PyInts;
import io.jsupervisor.pycompat.PyRepr;
import io.jsupervisor.pycompat.PyTypes;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the reference's Python code does with the XML-RPC values it is handed, so that a value of
 * the wrong type fails here as it fails there.
 *
 * <p>The reference decodes a request into Python values (int, bool, float, str, datetime, list,
 * dict; base64 becomes a str too) and calls the method with them. A {@code TypeError} raised
 * anywhere in the call becomes the fault INCORRECT_PARAMETERS; any other unexpected exception
 * becomes an HTTP 500 answer, which we signal with {@link ReferenceCrash}.
 */
final class PyValues {
    private PyValues() {}

    /**
     * The reference fails here with an exception that is not an RPC fault, and the client gets an
     * HTTP 500. The dispatcher answers any non-fault exception that way.
     */
    static final class ReferenceCrash extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ReferenceCrash(String pythonError) {
            super(pythonError);
        }
    }

    static SupervisorException incorrectParameters() {
        return new SupervisorException(Fault.INCORRECT_PARAMETERS, null);
    }

    /** Python's {@code func(*params)} with too few or too many arguments. */
    static void checkCount(List<Object> params, int min, int max) {
        int n = params.size();
        if (n < min || n > max) {
            throw incorrectParameters();
        }
    }

    /** Base64 arrives in the reference as a str: treat byte[] as its UTF-8 text. */
    static Object normalise(Object value) {
        if (value instanceof byte[]) {
            return new String((byte[]) value, StandardCharsets.UTF_8);
        }
        return value;
    }

    /**
     * A process namespec the reference splits with {@code str.split}: anything but a string fails
     * with AttributeError there (HTTP 500).
     */
    static String namespec(Object value) {
        Object v = normalise(value);
        if (v instanceof String) {
            return (String) v;
        }
        throw new ReferenceCrash("AttributeError: '" + PyTypes.nameOf(v) + "' object has no attribute 'split'");
    }

    /**
     * A group name the reference looks up in a dict: a list or a struct is unhashable (TypeError,
     * so INCORRECT_PARAMETERS); any other non-string simply names no group (BAD_NAME with its
     * Python str()).
     */
    static String groupName(Object value) {
        Object v = normalise(value);
        if (v instanceof String) {
            return (String) v;
        }
        if (v instanceof List || v instanceof Map) {
            throw incorrectParameters();
        }
        throw new SupervisorException(Fault.BAD_NAME, str(v));
    }

    /** Python truthiness, for {@code if wait and ...}. */
    static boolean truthy(Object value) {
        Object v = normalise(value);
        if (v instanceof Boolean) {
            return (Boolean) v;
        }
        if (v instanceof Integer) {
            return (Integer) v != 0;
        }
        if (v instanceof Long) {
            return (Long) v != 0;
        }
        if (v instanceof Double) {
            return (Double) v != 0.0;
        }
        if (v instanceof String) {
            return !((String) v).isEmpty();
        }
        if (v instanceof List) {
            return !((List<?>) v).isEmpty();
        }
        if (v instanceof Map) {
            return !((Map<?, ?>) v).isEmpty();
        }
        return v != null;
    }

    /** Failure of Python's {@code int(x)} that is a ValueError or OverflowError, not a TypeError. */
    static final class IntValueError extends Exception {
        private static final long serialVersionUID = 1L;

        IntValueError(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Python's {@code int(x)}: ints and bools as they are, floats truncated, strings parsed (with
     * surrounding whitespace, a sign and underscores between digits). Lists, structs and dates are
     * a TypeError, answered INCORRECT_PARAMETERS.
     *
     * @throws IntValueError for what is a ValueError or OverflowError in Python (a string that is
     *     no number, NaN, infinity), or a number beyond a long
     */
    static long pyInt(Object value) throws IntValueError {
        Object v = normalise(value);
        if (v instanceof Boolean) {
            return (Boolean) v ? 1 : 0;
        }
        if (v instanceof Integer) {
            return (Integer) v;
        }
        if (v instanceof Long) {
            return (Long) v;
        }
        if (v instanceof Double) {
            double d = (Double) v;
            if (Double.isNaN(d)) {
                throw new IntValueError("ValueError: cannot convert float NaN to integer");
            }
            if (Double.isInfinite(d)) {
                throw new IntValueError("OverflowError: cannot convert float infinity to integer");
            }
            BigInteger b = new BigDecimal(d).toBigInteger();
            if (b.bitLength() > 63) {
                throw new IntValueError("OverflowError: integer too large");
            }
            return b.longValue();
        }
        if (v instanceof String) {
            return parseInt((String) v);
        }
        throw incorrectParameters();
    }

    private static long parseInt(String text) throws IntValueError {
        BigInteger b = PyInts.parse(text, 10);
        if (b == null) {
            throw new IntValueError("ValueError: " + PyInts.invalidLiteral(text));
        }
        if (b.bitLength() > 63) {
            throw new IntValueError("OverflowError: Python int too large to convert to C long");
        }
        return b.longValue();
    }

    /** Python's {@code str(x)} of a decoded XML-RPC value. */
    static String str(Object value) {
        Object v = normalise(value);
        if (v instanceof String) {
            return (String) v;
        }
        if (v instanceof Date) {
            return new SimpleDateFormat("yyyy-MM-dd HH:mm:ss", Locale.ROOT).format((Date) v);
        }
        return repr(v);
    }

    /** Python's {@code repr(x)} of a decoded XML-RPC value. */
    static String repr(Object value) {
        Object v = normalise(value);
        if (v == null) {
            return "None";
        }
        if (v instanceof String) {
            return PyRepr.repr((String) v);
        }
        if (v instanceof Boolean) {
            return (Boolean) v ? "True" : "False";
        }
        if (v instanceof Integer || v instanceof Long) {
            return v.toString();
        }
        if (v instanceof Double) {
            return floatRepr((Double) v);
        }
        if (v instanceof Date) {
            SimpleDateFormat f = new SimpleDateFormat("yyyy, M, d, H, m, s", Locale.ROOT);
            String[] parts = f.format((Date) v).split(", ");
            // datetime.datetime(2024, 1, 2, 3, 4) omits a zero second (and microsecond)
            StringBuilder sb = new StringBuilder("datetime.datetime(");
            int n = parts[5].equals("0") ? 5 : 6;
            for (int i = 0; i < n; i++) {
                sb.append(i == 0 ? "" : ", ").append(parts[i]);
            }
            return sb.append(')').toString();
        }
        if (v instanceof List) {
            StringBuilder sb = new StringBuilder("[");
            boolean first = true;
            for (Object o : (List<?>) v) {
                sb.append(first ? "" : ", ").append(repr(o));
                first = false;
            }
            return sb.append(']').toString();
        }
        if (v instanceof Map) {
            StringBuilder sb = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                sb.append(first ? "" : ", ").append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
                first = false;
            }
            return sb.append('}').toString();
        }
        return String.valueOf(v);
    }

    /** Python's repr() of a float: shortest digits, exponent form below 1e-4 and from 1e16. */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = bd.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - bd.scale();
        String sign = d < 0 ? "-" : "";
        if (exp >= -4 && exp < 16) {
            String plain = bd.abs().toPlainString();
            if (plain.indexOf('.') < 0) {
                plain += ".0";
            }
            return sign + plain;
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String e = String.format(Locale.ROOT, "%02d", Math.abs(exp));
        return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + e;
    }
}
