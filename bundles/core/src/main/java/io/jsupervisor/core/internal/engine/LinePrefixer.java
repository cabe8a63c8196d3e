package io.jsupervisor.core.internal.engine;

import io.jsupervisor.api.config.LogStreamConfig;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Puts a stream's {@code *_line_prefix} before every line its child writes, on the output
 * reactor's thread, and hands on whole lines only, so that programs sharing one destination
 * (a file, the daemon's stdout in container mode) never interleave inside a line. A line that
 * has not ended is held until its newline comes, for at most {@link #HOLD_NANOS} (then what there
 * is goes out and its rest follows without a second prefix), or until it is {@link #MAX_HELD}
 * bytes long (then it goes out up to the last whole UTF-8 character). {@code %(asctime)s} becomes
 * the time the line's first bytes arrived, as the reference stamps its own log lines.
 */
final class LinePrefixer {
    /** How long a partial line may wait for its end. */
    static final long HOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** The longest partial line held back. */
    static final int MAX_HELD = 64 * 1024;

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS", Locale.ROOT);
    private static final byte[] NONE = new byte[0];

    /** The prefix's text around each {@code %(asctime)s}: the time goes between two parts. */
    private final byte[][] parts;
    private boolean atLineStart = true;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    /** The current line's bytes not yet handed on (its prefix included when not yet written). */
    private byte[] held = NONE;
    /** When the held bytes began to wait (System.nanoTime); meaningful while some are held. */
    private long heldSince;

    /** @param prefix a {@link LogStreamConfig#linePrefix()}: expanded but for {@link LogStreamConfig#ASCTIME} */
    LinePrefixer(String prefix) {
        String[] texts = prefix.split(java.util.regex.Pattern.quote(LogStreamConfig.ASCTIME), -1);
        this.parts = new byte[texts.length][];
        for (int i = 0; i < texts.length; i++) {
            parts[i] = texts[i].getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * The whole lines that {@code data[0, len)} completes, each with its prefix; a trailing partial
     * line is kept back (see the class comment). {@code now} is System.nanoTime.
     */
    byte[] apply(byte[] data, int len, long now) {
        out.reset();
        out.writeBytes(held);
        boolean wasHolding = held.length > 0;
        int complete = 0;
        byte[] time = null;
        int start = 0;
        for (int i = 0; i < len; i++) {
            if (atLineStart) {
                if (parts.length > 1 && time == null) {
                    time = STAMP.format(LocalDateTime.now()).getBytes(StandardCharsets.US_ASCII);
                }
                prefix(time);
                atLineStart = false;
            }
            if (data[i] == '\n') {
                out.write(data, start, i + 1 - start);
                start = i + 1;
                complete = out.size();
                atLineStart = true;
            }
        }
        out.write(data, start, len - start);
        byte[] all = out.toByteArray();
        if (complete == all.length) {
            held = NONE;
            return all;
        }
        if (complete > 0 || !wasHolding) {
            heldSince = now;
        }
        int emit = complete;
        if (all.length - complete > MAX_HELD) {
            emit = utf8Boundary(all, all.length);
            heldSince = now;
        }
        held = Arrays.copyOfRange(all, emit, all.length);
        return emit == all.length ? all : Arrays.copyOf(all, emit);
    }

    /** Whether part of a line is waiting for its end. */
    boolean holding() {
        return held.length > 0;
    }

    /** When the held bytes must go out (System.nanoTime); meaningful while {@link #holding()}. */
    long flushDeadline() {
        return heldSince + HOLD_NANOS;
    }

    /** The held bytes, handed on now (the line's end waited too long, or the stream ended). */
    byte[] flush() {
        byte[] b = held;
        held = NONE;
        return b;
    }

    /** Where {@code b[0, end)} stops being whole UTF-8 characters: before a sequence cut short. */
    static int utf8Boundary(byte[] b, int end) {
        // look back at most 3 bytes for the lead byte of the last sequence
        for (int i = end - 1; i >= Math.max(0, end - 4); i--) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                return end; // ASCII: nothing cut
            }
            if (c >= 0xc0) {
                int length = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
                return end - i >= length ? end : i;
            }
        }
        return end; // not UTF-8 we can read: cut where we are
    }

    private void prefix(byte[] time) {
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                out.writeBytes(time);
            }
            out.writeBytes(parts[i]);
        }
    }
}
