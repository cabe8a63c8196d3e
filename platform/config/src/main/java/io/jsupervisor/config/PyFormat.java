package io.jsupervisor.config;

import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Python's {@code str % mapping} as supervisor's {@code expand()} uses it, with the reference's
 * error messages. Values in the mapping are {@link String} or {@link Integer}/{@link Long}.
 */
final class PyFormat {
    private PyFormat() {}

    /**
     * Expands {@code s}; a failure is reported the way the reference's {@code expand(s, expansions,
     * name)} reports it.
     */
    static String expand(String s, Map<String, Object> expansions, String name) {
        try {
            return format(s, expansions);
        } catch (MissingKey e) {
            throw new PyValueError("Format string " + Py.repr(s) + " for " + Py.repr(name) + " contains names ("
                    + Py.repr(e.key) + ") which cannot be expanded. Available names: "
                    + String.join(", ", new TreeSet<>(expansions.keySet())));
        } catch (BadFormat e) {
            throw new PyValueError("Format string " + Py.repr(s) + " for " + Py.repr(name)
                    + " is badly formatted: " + e.getMessage());
        }
    }

    static final class MissingKey extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String key;

        MissingKey(String key) {
            super(key, null, false, false);
            this.key = key;
        }
    }

    /**
     * A width or precision. Python refuses one beyond a C int ("width too big"); one that would
     * pad a value to megabytes is refused the same way here rather than fill the heap.
     */
    private static int size(String digits, String what) {
        if (digits.length() > 7 || Integer.parseInt(digits) > 1 << 20) {
            throw new BadFormat(what + " too big");
        }
        return Integer.parseInt(digits);
    }

    static final class BadFormat extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadFormat(String message) {
            super(message, null, false, false);
        }
    }

    static String format(String s, Map<String, Object> map) {
        StringBuilder out = new StringBuilder();
        int n = s.length();
        int i = 0;
        boolean wholeMappingUsed = false;
        while (i < n) {
            char c = s.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            i++;
            if (i >= n) {
                throw new BadFormat("incomplete format");
            }
            Object arg;
            boolean hasArg = false;
            Object value = null;
            if (s.charAt(i) == '(') {
                int depth = 1;
                int j = i + 1;
                while (j < n && depth > 0) {
                    if (s.charAt(j) == '(') {
                        depth++;
                    } else if (s.charAt(j) == ')') {
                        depth--;
                    }
                    j++;
                }
                if (depth > 0) {
                    throw new BadFormat("incomplete format key");
                }
                String key = s.substring(i + 1, j - 1);
                if (!map.containsKey(key)) {
                    throw new MissingKey(key);
                }
                value = map.get(key);
                hasArg = true;
                i = j;
            }
            boolean left = false;
            boolean plus = false;
            boolean space = false;
            boolean alt = false;
            boolean zero = false;
            for (; i < n; i++) {
                char f = s.charAt(i);
                if (f == '-') {
                    left = true;
                } else if (f == '+') {
                    plus = true;
                } else if (f == ' ') {
                    space = true;
                } else if (f == '#') {
                    alt = true;
                } else if (f == '0') {
                    zero = true;
                } else {
                    break;
                }
            }
            int width = -1;
            if (i < n && s.charAt(i) == '*') {
                throw new BadFormat("* wants int");
            }
            int ws = i;
            while (i < n && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
                i++;
            }
            if (i > ws) {
                width = size(s.substring(ws, i), "width");
            }
            int precision = -1;
            if (i < n && s.charAt(i) == '.') {
                i++;
                if (i < n && s.charAt(i) == '*') {
                    throw new BadFormat("* wants int");
                }
                int ps = i;
                while (i < n && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
                    i++;
                }
                precision = i > ps ? size(s.substring(ps, i), "precision") : 0;
            }
            while (i < n && (s.charAt(i) == 'h' || s.charAt(i) == 'l' || s.charAt(i) == 'L')) {
                i++;
            }
            if (i >= n) {
                throw new BadFormat("incomplete format");
            }
            int typeIndex = i;
            int type = s.codePointAt(i);
            i += Character.charCount(type);
            if (type == '%') {
                out.append('%');
                continue;
            }
            if (hasArg) {
                arg = value;
            } else {
                if (wholeMappingUsed) {
                    throw new BadFormat("not enough arguments for format string");
                }
                wholeMappingUsed = true;
                arg = map;
            }
            String body;
            switch (type) {
                case 's', 'r', 'a' -> {
                    body = str(arg, type != 's');
                    if (precision >= 0 && precision < body.length()) {
                        body = body.substring(0, precision);
                    }
                    out.append(pad(body, width, left, false));
                    continue;
                }
                case 'd', 'i', 'u', 'x', 'X', 'o' -> {
                    if (!(arg instanceof Integer || arg instanceof Long)) {
                        String kind = (type == 'd' || type == 'i' || type == 'u')
                                ? "a real number is required" : "an integer is required";
                        throw new BadFormat("%" + (char) type + " format: " + kind + ", not " + typeName(arg));
                    }
                    long v = ((Number) arg).longValue();
                    String digits = switch (type) {
                        case 'x' -> Long.toHexString(Math.abs(v));
                        case 'X' -> Long.toHexString(Math.abs(v)).toUpperCase(Locale.ROOT);
                        case 'o' -> Long.toOctalString(Math.abs(v));
                        default -> Long.toString(Math.abs(v));
                    };
                    if (precision > digits.length()) {
                        digits = "0".repeat(precision - digits.length()) + digits;
                    }
                    String prefix = v < 0 ? "-" : plus ? "+" : space ? " " : "";
                    if (alt && type == 'x') {
                        prefix += "0x";
                    } else if (alt && type == 'X') {
                        prefix += "0X";
                    } else if (alt && type == 'o') {
                        prefix += "0o";
                    }
                    body = numberPad(prefix, digits, width, left, zero);
                }
                case 'e', 'E', 'f', 'F', 'g', 'G' -> {
                    if (!(arg instanceof Integer || arg instanceof Long)) {
                        throw new BadFormat("must be real number, not " + typeName(arg));
                    }
                    double d = ((Number) arg).doubleValue();
                    int p = precision < 0 ? 6 : precision;
                    String digits = switch (type) {
                        case 'e', 'E' -> String.format(Locale.ROOT, "%." + p + "e", Math.abs(d));
                        case 'g', 'G' -> String.format(Locale.ROOT, "%." + Math.max(p, 1) + "g", Math.abs(d));
                        default -> String.format(Locale.ROOT, "%." + p + "f", Math.abs(d));
                    };
                    if (type == 'E' || type == 'G') {
                        digits = digits.toUpperCase(Locale.ROOT);
                    }
                    String prefix = d < 0 ? "-" : plus ? "+" : space ? " " : "";
                    body = numberPad(prefix, digits, width, left, zero);
                }
                case 'c' -> {
                    String ch;
                    if (arg instanceof Integer || arg instanceof Long) {
                        ch = new String(Character.toChars(((Number) arg).intValue()));
                    } else if (arg instanceof String str && str.codePointCount(0, str.length()) == 1) {
                        ch = str;
                    } else {
                        throw new BadFormat("%c requires int or char");
                    }
                    body = pad(ch, width, left, false);
                }
                default -> throw new BadFormat(String.format("unsupported format character '%s' (0x%x) at index %d",
                        new String(Character.toChars(type)), type, s.codePointCount(0, typeIndex)));
            }
            out.append(body);
        }
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static String str(Object arg, boolean repr) {
        if (arg instanceof Map<?, ?> m) {
            return Py.repr((Map<String, Object>) m);
        }
        if (repr) {
            return Py.repr(arg);
        }
        return String.valueOf(arg);
    }

    private static String typeName(Object arg) {
        if (arg instanceof String) {
            return "str";
        }
        if (arg instanceof Map) {
            return "dict";
        }
        return arg == null ? "NoneType" : "object";
    }

    private static String pad(String body, int width, boolean left, boolean zero) {
        int len = body.codePointCount(0, body.length());
        if (width <= len) {
            return body;
        }
        String fill = " ".repeat(width - len);
        return left ? body + fill : fill + body;
    }

    private static String numberPad(String prefix, String digits, int width, boolean left, boolean zero) {
        int len = prefix.length() + digits.length();
        if (width <= len) {
            return prefix + digits;
        }
        if (left) {
            return prefix + digits + " ".repeat(width - len);
        }
        if (zero) {
            return prefix + "0".repeat(width - len) + digits;
        }
        return " ".repeat(width - len) + prefix + digits;
    }
}
