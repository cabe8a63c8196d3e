package io.jsupervisor.rpcinterface.internal;

import java.nio.charset.StandardCharsets;

/** Python's {@code repr()} of a str, as the reference's log lines show request data. */
final class PyRepr {
    /** Longer data is cut (the reference logs all of it; a 2 MB line helps nobody). */
    static final int MAX_CHARS = 2000;

    private PyRepr() {}

    static String of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    static String of(byte[] data) {
        String s = new String(data, StandardCharsets.UTF_8);
        boolean cut = s.length() > MAX_CHARS;
        if (cut) {
            s = s.substring(0, MAX_CHARS);
        }
        char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder sb = new StringBuilder(s.length() + 8).append(q);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c == q) {
                        sb.append('\\').append(c);
                    } else if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append(q);
        if (cut) {
            sb.append("... (").append(data.length).append(" bytes)");
        }
        return sb.toString();
    }
}
