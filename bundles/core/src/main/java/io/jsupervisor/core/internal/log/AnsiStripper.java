package io.jsupervisor.core.internal.log;

import java.util.Arrays;
import java.util.Objects;

/**
 * Removes ANSI escape sequences from child output like the reference's {@code strip_ansi}
 * option: from each {@code ESC [} up to and including the next byte that is one of
 * {@code H f A B C D R s u J K h l p m} everything is dropped (the {@code [} itself never ends a
 * sequence); an {@code ESC} not followed by {@code [} is kept.
 *
 * <p>Unlike the reference, which strips each read on its own, the state carries over from one
 * call to the next, so a sequence split across two reads is removed whole. A lone {@code ESC}
 * at the very end of a chunk is held back until the next call shows whether a {@code [} follows;
 * {@link #flush()} returns it at end of stream. One instance per stream; not thread-safe.
 */
public final class AnsiStripper {

    private static final byte ESC = 0x1b;
    private static final int TEXT = 0;
    private static final int PENDING_ESC = 1;
    private static final int IN_SEQUENCE = 2;

    private int state = TEXT;

    public byte[] strip(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        byte[] out = new byte[len + 1];
        int n = 0;
        int i = off;
        int end = off + len;
        if (state == PENDING_ESC && i < end) {
            if (b[i] == '[') {
                state = IN_SEQUENCE;
                i++;
            } else {
                out[n++] = ESC;
                state = TEXT;
            }
        }
        while (i < end) {
            byte c = b[i];
            if (state == IN_SEQUENCE) {
                if (isTerminator(c)) {
                    state = TEXT;
                }
                i++;
            } else if (c != ESC) {
                out[n++] = c;
                i++;
            } else if (i + 1 == end) {
                state = PENDING_ESC;
                i++;
            } else if (b[i + 1] == '[') {
                state = IN_SEQUENCE;
                i += 2;
            } else {
                out[n++] = c;
                i++;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    public byte[] strip(byte[] b) {
        return strip(b, 0, b.length);
    }

    /**
     * End of stream: returns a held-back {@code ESC} (or nothing) and resets the state; an
     * unfinished sequence is dropped, as the reference drops it.
     */
    public byte[] flush() {
        boolean pending = state == PENDING_ESC;
        state = TEXT;
        return pending ? new byte[] {ESC} : new byte[0];
    }

    private static boolean isTerminator(byte c) {
        switch (c) {
            case 'H': case 'f': case 'A': case 'B': case 'C': case 'D': case 'R': case 's':
            case 'u': case 'J': case 'K': case 'h': case 'l': case 'p': case 'm':
                return true;
            default:
                return false;
        }
    }
}
