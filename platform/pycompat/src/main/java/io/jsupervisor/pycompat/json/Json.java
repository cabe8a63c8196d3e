package io.jsupervisor.pycompat.json;

import java.util.Collection;
import java.util.Map;

/**
 * Writes JSON text (RFC 8259) for the daemon's HTTP endpoints from the few shapes the API answers with: maps (kept in their
 * iteration order, so answers read in a stable order), lists, strings, numbers, booleans and
 * null. Strings are escaped for JSON and additionally for embedding in HTML ({@code <}, {@code >},
 * {@code &} as {@code \\u} escapes), so an answer shown in a page can never close a script tag.
 */
public final class Json {
    private Json() {}

    /** {@code value} as JSON text. */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder(256);
        value(out, value);
        return out.toString();
    }

    private static void value(StringBuilder out, Object v) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof CharSequence s) {
            string(out, s);
        } else if (v instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (v instanceof Double d) {
            out.append(Double.isFinite(d) ? d.toString() : "null");
        } else if (v instanceof Float f) {
            out.append(Float.isFinite(f) ? f.toString() : "null");
        } else if (v instanceof Number n) {
            out.append(n.longValue());
        } else if (v instanceof Map<?, ?> m) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(out, String.valueOf(e.getKey()));
                out.append(':');
                value(out, e.getValue());
            }
            out.append('}');
        } else if (v instanceof Collection<?> c) {
            out.append('[');
            boolean first = true;
            for (Object o : c) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                value(out, o);
            }
            out.append(']');
        } else {
            string(out, v.toString());
        }
    }

    private static void string(StringBuilder out, CharSequence s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
