package io.jsupervisor.restapi.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A piece of a log file for {@code GET .../logs/...}: up to {@code length} bytes from
 * {@code offset}, or, with a negative offset, the last {@code -offset} bytes. Following a log
 * means asking again from {@code next}; when the file has become shorter than that (cleared or
 * rotated), the answer starts again at 0 and says {@code reset: true}. Invalid UTF-8 becomes
 * U+FFFD, as the XML-RPC API's log reads do.
 *
 * @param text the bytes read, decoded
 * @param offset where they started
 * @param next the offset to ask for next
 * @param size the file's size when read
 * @param reset whether the file had shrunk below the offset asked for
 */
record LogSlice(String text, long offset, long next, long size, boolean reset) {
    static final int MAX_LENGTH = 1024 * 1024;

    static LogSlice read(Path file, long offset, int length) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            boolean reset = false;
            long from;
            if (offset < 0) {
                from = Math.max(0, size + offset);
            } else if (offset > size) {
                from = 0;
                reset = true;
            } else {
                from = offset;
            }
            int n = (int) Math.min(length, size - from);
            ByteBuffer buf = ByteBuffer.allocate(Math.max(0, n));
            while (buf.hasRemaining()) {
                if (ch.read(buf, from + buf.position()) < 0) {
                    break;
                }
            }
            buf.flip();
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(buf).toString();
            return new LogSlice(text, from, from + buf.limit(), size, reset);
        }
    }

    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", text);
        m.put("offset", offset);
        m.put("next", next);
        m.put("size", size);
        m.put("reset", reset);
        return m;
    }
}
