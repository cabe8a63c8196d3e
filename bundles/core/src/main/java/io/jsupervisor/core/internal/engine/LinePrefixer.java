package io.jsupervisor.core.internal.engine;

import io.jsupervisor.api.config.LogStreamConfig;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Puts a stream's {@code *_line_prefix} before every line its child writes, on the output
 * reactor's thread. A prefix goes in only where a line starts (at the stream's first byte and
 * after each newline), so a partial line is written at once, the rest of it follows without a
 * prefix in the middle, and no multi-byte UTF-8 character is ever cut. {@code %(asctime)s}
 * becomes the time the line's first bytes arrived, as the reference stamps its own log lines.
 */
final class LinePrefixer {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS", Locale.ROOT);

    /** The prefix's text around each {@code %(asctime)s}: the time goes between two parts. */
    private final byte[][] parts;
    private boolean atLineStart = true;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** @param prefix a {@link LogStreamConfig#linePrefix()}: expanded but for {@link LogStreamConfig#ASCTIME} */
    LinePrefixer(String prefix) {
        String[] texts = prefix.split(java.util.regex.Pattern.quote(LogStreamConfig.ASCTIME), -1);
        this.parts = new byte[texts.length][];
        for (int i = 0; i < texts.length; i++) {
            parts[i] = texts[i].getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The bytes of {@code data[0, len)} with a prefix at each line start. */
    byte[] apply(byte[] data, int len) {
        out.reset();
        int start = 0;
        byte[] time = null;
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
                atLineStart = true;
            }
        }
        out.write(data, start, len - start);
        return out.toByteArray();
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
