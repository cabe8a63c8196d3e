package io.jsupervisor.core.internal.engine;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A {@code log:REGEX} ready check: watches one stream of one child, line by line, and reports
 * once when a line matches. Runs on the output reactor's thread. A line longer than
 * {@link #MAX_LINE} is matched on its first {@link #MAX_LINE} bytes, so a child that never
 * writes a newline cannot make it hold more.
 */
final class ReadyLogTap implements OutputPump.Tap {
    static final int MAX_LINE = 64 * 1024;

    private final Pattern pattern;
    private final Runnable matched;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean done;

    /** @param matched runs once, on the reactor's thread, at the first matching line */
    ReadyLogTap(Pattern pattern, Runnable matched) {
        this.pattern = pattern;
        this.matched = matched;
    }

    @Override
    public void output(byte[] data, boolean inCapture) {
        if (done) {
            return;
        }
        int start = 0;
        for (int i = 0; i < data.length; i++) {
            if (data[i] == '\n') {
                append(data, start, i);
                if (lineMatches()) {
                    return;
                }
                start = i + 1;
            }
        }
        append(data, start, data.length);
        if (line.size() >= MAX_LINE) {
            lineMatches(); // the cut-off start of a very long line
        }
    }

    private void append(byte[] data, int from, int to) {
        int room = MAX_LINE - line.size();
        line.write(data, from, Math.max(0, Math.min(room, to - from)));
    }

    private boolean lineMatches() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (pattern.matcher(text).find()) {
            done = true;
            matched.run();
        }
        return done;
    }
}
