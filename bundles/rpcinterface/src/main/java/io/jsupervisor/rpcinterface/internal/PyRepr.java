package io.jsupervisor.rpcinterface.internal;

import java.nio.charset.StandardCharsets;

/**
 * Request data as the reference's log lines show it: Python's {@code repr()} of the decoded str,
 * cut to a bounded length.
 */
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
        String repr = io.jsupervisor.pycompat.PyRepr.repr(s);
        return cut ? repr + "... (" + data.length + " bytes)" : repr;
    }
}
