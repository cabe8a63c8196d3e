package io.jsupervisor.core.internal.log;

import io.jsupervisor.api.config.LogLevel;
import io.jsupervisor.pycompat.json.Json;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An activity-log line as one JSON object ({@code [supervisord] logformat = json}): {@code time}
 * (ISO 8601 with the local offset, milliseconds), {@code level} (lower case: {@code info},
 * {@code warn}, {@code critical}, ...), {@code message} (exactly the text line's message), and,
 * for the process lines the reference writes, the fields a log shipper would otherwise parse
 * out of the message: {@code process}, {@code pid}, {@code state}, {@code exitstatus},
 * {@code expected}, {@code signal}, {@code spawnerr}, {@code ready}. The fields are read back
 * from the message, so every line the engine writes gets them without each call site building
 * two forms.
 */
final class JsonActivityLine {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", Locale.ROOT);

    /** A message shape and what it says. */
    private record Shape(Pattern pattern, BiConsumer<Matcher, Map<String, Object>> fields) {}

    private static final List<Shape> SHAPES = List.of(
            shape("^spawned: '(.+)' with pid (\\d+)$", (m, f) -> {
                f.put("process", m.group(1));
                f.put("pid", Long.parseLong(m.group(2)));
                f.put("state", "STARTING");
            }),
            shape("^success: (\\S+) entered RUNNING state", (m, f) -> {
                f.put("process", m.group(1));
                f.put("state", "RUNNING");
            }),
            shape("^exited: (\\S+) \\((.*); (not )?expected\\)$", (m, f) -> {
                f.put("process", m.group(1));
                f.put("state", "EXITED");
                howItEnded(m.group(2), f);
                f.put("expected", m.group(3) == null);
            }),
            shape("^stopped: (\\S+) \\((.*)\\)$", (m, f) -> {
                f.put("process", m.group(1));
                f.put("state", "STOPPED");
                howItEnded(m.group(2), f);
            }),
            shape("^gave up: (\\S+) entered FATAL state", (m, f) -> {
                f.put("process", m.group(1));
                f.put("state", "FATAL");
            }),
            shape("^spawnerr: (.*)$", (m, f) -> f.put("spawnerr", m.group(1))),
            shape("^killing '(.+)' \\((\\d+)\\) with SIGKILL$", (m, f) -> {
                f.put("process", m.group(1));
                f.put("pid", Long.parseLong(m.group(2)));
                f.put("signal", "SIGKILL");
            }),
            shape("^waiting for (\\S+) to stop$", (m, f) -> f.put("process", m.group(1))),
            shape("^(not )?ready: (\\S+)", (m, f) -> {
                f.put("process", m.group(2));
                f.put("ready", m.group(1) == null);
            }));

    private static final Pattern EXIT_STATUS = Pattern.compile("exit status (\\d+)");
    private static final Pattern SIGNAL = Pattern.compile("terminated by (SIG\\w+)");

    private JsonActivityLine() {}

    private static Shape shape(String regex, BiConsumer<Matcher, Map<String, Object>> fields) {
        return new Shape(Pattern.compile(regex), fields);
    }

    private static void howItEnded(String how, Map<String, Object> f) {
        Matcher status = EXIT_STATUS.matcher(how);
        if (status.find()) {
            f.put("exitstatus", Long.parseLong(status.group(1)));
        }
        Matcher signal = SIGNAL.matcher(how);
        if (signal.find()) {
            f.put("signal", signal.group(1));
        }
    }

    /** The line, with its newline. */
    static String format(LogLevel level, String message, long epochMillis) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("time", TIME.format(OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneId.systemDefault())));
        f.put("level", level.name().toLowerCase(Locale.ROOT));
        String text = message == null ? "None" : message;
        f.put("message", text);
        for (Shape s : SHAPES) {
            Matcher m = s.pattern().matcher(text);
            if (m.find()) {
                s.fields().accept(m, f);
                break;
            }
        }
        return Json.write(f) + "\n";
    }
}
