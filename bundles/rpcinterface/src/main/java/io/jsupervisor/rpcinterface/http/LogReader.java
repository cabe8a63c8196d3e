package io.jsupervisor.rpcinterface.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a slice of a log file for endpoints that show or follow logs (the web UI, the JSON API):
 * from a byte offset (or the last {@code limit} bytes), at most {@code limit} bytes, never ending
 * inside a UTF-8 sequence so that the next read continues exactly where this one stopped.
 *
 * @since 1.1
 */
public final class LogReader {
    /**
     * What was read: the text, the offset it starts at, the offset to ask for next, the file
     * size, and whether the file was truncated or rotated since the offset asked for.
     */
    public record Slice(String text, long from, long next, long size, boolean reset) {}

    private LogReader() {
    }

    /** @param offset where to start, or a negative number for the last {@code limit} bytes */
    public static Slice read(Path file, long offset, int limit) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            boolean reset = false;
            long from;
            if (offset < 0) {
                from = Math.max(0, size - limit);
            } else if (offset > size) {
                // truncated (clear log, rotation): start again at the beginning
                reset = true;
                from = Math.max(0, size - limit);
            } else {
                from = offset;
            }
            int n = (int) Math.min(limit, size - from);
            ByteBuffer buf = ByteBuffer.allocate(Math.max(n, 0));
            while (buf.hasRemaining()) {
                if (ch.read(buf, from + buf.position()) < 0) {
                    break;
                }
            }
            byte[] bytes = new byte[buf.position()];
            buf.flip();
            buf.get(bytes);
            int start = 0;
            if (offset < 0 || reset) {
                // starting mid-file: skip continuation bytes of a character cut at the front
                while (start < bytes.length && start < 3 && (bytes[start] & 0xC0) == 0x80 && from > 0) {
                    start++;
                }
            }
            int end = completeUpTo(bytes);
            String text = new String(bytes, start, Math.max(0, end - start), StandardCharsets.UTF_8);
            return new Slice(text, from + start, from + end, size, reset);
        }
    }

    /** The length of {@code b} without a UTF-8 sequence cut off at its end. */
    static int completeUpTo(byte[] b) {
        int n = b.length;
        for (int back = 1; back <= 3 && n - back >= 0; back++) {
            int c = b[n - back] & 0xFF;
            if ((c & 0xC0) == 0x80) {
                continue; // a continuation byte: look further back for the lead byte
            }
            int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
            return len > back ? n - back : n;
        }
        return n;
    }
}
