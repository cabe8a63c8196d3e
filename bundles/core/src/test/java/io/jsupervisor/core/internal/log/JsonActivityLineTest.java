package io.jsupervisor.core.internal.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsupervisor.api.config.LogFormat;
import io.jsupervisor.api.config.LogLevel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code logformat = json}: one JSON object per line, with the process lines' fields. */
class JsonActivityLineTest {
    @TempDir
    Path dir;

    /** The line without its time (which varies). */
    private static String untimed(String line) {
        return line.replaceFirst("^\\{\"time\":\"[^\"]+\",", "{");
    }

    @Test
    void processLinesCarryTheirFields() throws Exception {
        Path file = dir.resolve("activity.json");
        ByteArrayOutputStream echo = new ByteArrayOutputStream();
        try (ActivityLog log = new ActivityLog(file.toString(), 0, 0, LogLevel.DEBUG, LogFormat.JSON,
                new PrintStream(echo, true, StandardCharsets.UTF_8))) {
            log.info("spawned: 'web' with pid 4242");
            log.info("success: web entered RUNNING state, process has stayed up for > than 1 seconds (startsecs)");
            log.warn("exited: web (exit status 3; not expected)");
            log.warn("stopped: web (terminated by SIGTERM)");
            log.info("gave up: web entered FATAL state, too many start retries too quickly");
            log.info("spawnerr: can't find command 'nope'");
            log.critical("a \"quoted\" <message>\nover two lines");
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(7, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("\\{\"time\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}([+-]\\d\\d:\\d\\d|Z)\",.*"),
                lines.get(0));
        assertEquals("{\"level\":\"info\",\"message\":\"spawned: 'web' with pid 4242\",\"process\":\"web\",\"pid\":4242,"
                + "\"state\":\"STARTING\"}", untimed(lines.get(0)));
        assertEquals("{\"level\":\"info\",\"message\":\"success: web entered RUNNING state, process has stayed up for"
                + " \\u003e than 1 seconds (startsecs)\",\"process\":\"web\",\"state\":\"RUNNING\"}", untimed(lines.get(1)));
        assertEquals("{\"level\":\"warn\",\"message\":\"exited: web (exit status 3; not expected)\",\"process\":\"web\","
                + "\"state\":\"EXITED\",\"exitstatus\":3,\"expected\":false}", untimed(lines.get(2)));
        assertEquals("{\"level\":\"warn\",\"message\":\"stopped: web (terminated by SIGTERM)\",\"process\":\"web\","
                + "\"state\":\"STOPPED\",\"signal\":\"SIGTERM\"}", untimed(lines.get(3)));
        assertEquals("{\"level\":\"info\",\"message\":\"gave up: web entered FATAL state, too many start retries too"
                + " quickly\",\"process\":\"web\",\"state\":\"FATAL\"}", untimed(lines.get(4)));
        assertEquals("{\"level\":\"info\",\"message\":\"spawnerr: can't find command 'nope'\","
                + "\"spawnerr\":\"can't find command 'nope'\"}", untimed(lines.get(5)));
        assertEquals("{\"level\":\"critical\",\"message\":\"a \\\"quoted\\\" \\u003cmessage\\u003e\\nover two lines\"}",
                untimed(lines.get(6)));
        assertEquals(String.join("\n", lines) + "\n", echo.toString(StandardCharsets.UTF_8), "the echo gets the same lines");
        // a real JSON reader takes every line
        Process python = new ProcessBuilder("python3", "-c",
                "import json,sys\nfor l in open(sys.argv[1]): json.loads(l)\nprint('ok')", file.toString()).start();
        assertEquals("ok", new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
        assertEquals(0, python.waitFor());
    }
}
