package io.jsupervisor.core.internal.engine;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Capture mode ({@code stdout_capture_maxbytes} > 0): output between
 * {@code <!--XSUPERVISOR:BEGIN-->} and {@code <!--XSUPERVISOR:END-->} is kept out of the log and
 * becomes one PROCESS_COMMUNICATION event. Tokens may be split across reads: the longest tail
 * that could begin a token waits for the next read. Unlike the reference, which holds back any
 * read not longer than a token, ordinary short lines reach the log at once. The capture buffer
 * keeps the reference's bounded-buffer arithmetic (when a write would pass the limit, as many
 * bytes as are written are dropped from its front). Pump thread only.
 */
final class CaptureFilter {
    static final byte[] BEGIN = "<!--XSUPERVISOR:BEGIN-->".getBytes(StandardCharsets.US_ASCII);
    static final byte[] END = "<!--XSUPERVISOR:END-->".getBytes(StandardCharsets.US_ASCII);

    interface Sink {
        /** Output outside a capture: goes to the log. */
        void normal(byte[] data);

        /** Output inside a capture (for log events only). */
        void inCapture(byte[] data);

        /** A capture ended; what it holds. */
        void captured(byte[] data);
    }

    private final long maxbytes;
    private boolean capturing;
    private byte[] held = new byte[0];
    private byte[] capture = new byte[0];

    CaptureFilter(long maxbytes) {
        this.maxbytes = maxbytes;
    }

    void feed(byte[] data, int off, int len, Sink sink) {
        byte[] buf = new byte[held.length + len];
        System.arraycopy(held, 0, buf, 0, held.length);
        System.arraycopy(data, off, buf, held.length, len);
        held = new byte[0];
        int from = 0;
        while (from < buf.length) {
            byte[] token = capturing ? END : BEGIN;
            int idx = indexOf(buf, from, token);
            if (idx < 0) {
                int keep = partialTokenAtEnd(buf, from, token);
                emit(Arrays.copyOfRange(buf, from, buf.length - keep), sink);
                held = Arrays.copyOfRange(buf, buf.length - keep, buf.length);
                return;
            }
            emit(Arrays.copyOfRange(buf, from, idx), sink);
            capturing = !capturing;
            if (!capturing) {
                byte[] done = capture;
                capture = new byte[0];
                sink.captured(done);
            }
            from = idx + token.length;
        }
    }

    /** End of output: what waited for a possible token is ordinary output after all. */
    void flush(Sink sink) {
        emit(held, sink);
        held = new byte[0];
    }

    private void emit(byte[] b, Sink sink) {
        if (b.length == 0) {
            return;
        }
        if (capturing) {
            byte[] base = capture;
            if (base.length + b.length > maxbytes) {
                base = Arrays.copyOfRange(base, Math.min(b.length, base.length), base.length);
            }
            byte[] next = Arrays.copyOf(base, base.length + b.length);
            System.arraycopy(b, 0, next, base.length, b.length);
            capture = next;
            sink.inCapture(b);
        } else {
            sink.normal(b);
        }
    }

    private static int indexOf(byte[] buf, int from, byte[] token) {
        outer:
        for (int i = from; i <= buf.length - token.length; i++) {
            for (int k = 0; k < token.length; k++) {
                if (buf[i + k] != token[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The length of the longest tail of buf[from..] that is a proper prefix of token. */
    private static int partialTokenAtEnd(byte[] buf, int from, byte[] token) {
        int max = Math.min(token.length - 1, buf.length - from);
        for (int k = max; k > 0; k--) {
            if (Arrays.equals(buf, buf.length - k, buf.length, token, 0, k)) {
                return k;
            }
        }
        return 0;
    }
}
