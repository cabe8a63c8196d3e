package io.jsupervisor.syslog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsupervisor.api.config.LogLevel;
import io.jsupervisor.api.log.LogRecord;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyslogFormatTest {
    private static final long T = LocalDateTime.of(2026, 11, 3, 9, 5, 1, 123_000_000).atZone(ZoneId.systemDefault())
            .toInstant().toEpochMilli();

    @Test
    void childOutputIsOneMessagePerLineTaggedWithTheProcessAsTheReferenceSendsIt() {
        LogRecord r = new LogRecord(LogRecord.Source.CHILD, T, LogLevel.INFO, "web", "web", "stdout", "a\nb\n", "a\nb\n",
                true);
        List<String> lines = SyslogFormat.lines(r);
        assertEquals(List.of("web a", "web b"), lines);
        assertEquals("<14>Nov  3 09:05:01 supervisord: web a", SyslogFormat.local(1, "supervisord", T, lines.get(0)));
    }

    @Test
    void activityLinesKeepTheLogFileLayoutPerLine() {
        String formatted = "2026-11-03 09:05:01,123 INFO two\nlines\n";
        LogRecord r = new LogRecord(LogRecord.Source.ACTIVITY, T, LogLevel.INFO, null, null, null, "two\nlines",
                formatted, true);
        assertEquals(List.of("2026-11-03 09:05:01,123 INFO two\n", "2026-11-03 09:05:01,123 INFO lines\n"),
                SyslogFormat.lines(r));
    }

    @Test
    void rfc5424CarriesSeverityHostAppPidAndProcess() {
        LogRecord warn = new LogRecord(LogRecord.Source.ACTIVITY, T, LogLevel.WARN, null, null, null, "exited: x",
                "2026-11-03 09:05:01,123 WARN exited: x\n", false);
        String m = SyslogFormat.rfc5424(3, warn, "box", "supervisord", 42, SyslogFormat.lines(warn).get(0));
        assertTrue(m.startsWith("<28>1 2026-11-03T09:05:01.123"), m);
        assertTrue(m.endsWith(" box supervisord 42 - - 2026-11-03 09:05:01,123 WARN exited: x"), m);
        LogRecord err = new LogRecord(LogRecord.Source.CHILD, T, LogLevel.INFO, "web", "web", "stderr", "oops\n",
                "oops\n", true);
        String e = SyslogFormat.rfc5424(1, err, "box", "supervisord", 42, "web oops");
        assertTrue(e.startsWith("<11>1 "), e);
        assertTrue(e.endsWith(" box supervisord 42 web - web oops"), e);
    }
}
