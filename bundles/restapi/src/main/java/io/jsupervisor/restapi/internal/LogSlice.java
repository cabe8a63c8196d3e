package io.jsupervisor.restapi.internal;

import io.jsupervisor.rpcinterface.http.LogReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A piece of a log file for {@code GET .../logs/...}: up to {@code length} bytes from
 * {@code offset}, or, with a negative offset, the last {@code -offset} bytes. Following a log
 * means asking again from {@code next}, which never falls inside a UTF-8 sequence; when the file
 * has become shorter than the offset (cleared or rotated), the answer starts again near its
 * start and says {@code reset: true}. Invalid UTF-8 becomes U+FFFD.
 */
record LogSlice(String text, long offset, long next, long size, boolean reset) {
    static final int MAX_LENGTH = 1024 * 1024;

    static LogSlice read(Path file, long offset, int length) throws IOException {
        LogReader.Slice s = offset < 0
                ? LogReader.read(file, -1, (int) Math.min(length, -offset))
                : LogReader.read(file, offset, length);
        return new LogSlice(s.text(), s.from(), s.next(), s.size(), s.reset());
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
