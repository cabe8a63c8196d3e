package io.jsupervisor.syslog.internal;

import io.jsupervisor.api.config.LogLevel;
import io.jsupervisor.api.log.LogRecord;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The messages a record becomes. Local ones read as the reference's reach syslog through
 * Python's {@code syslog.syslog()}, that is glibc's syslog(3) with no openlog(): facility user,
 * priority info, the program name as tag, no pid: {@code <14>Nov  3 09:05:01 supervisord: web
 * hello}. An activity line keeps the log file's own layout ({@code 2026-11-03 09:05:01,123 INFO
 * spawned: ...} and its newline); child output is tagged with the process name. A record of
 * several lines becomes one message per line, as the reference splits them. Remote messages are
 * RFC 5424, with the level as severity.
 */
final class SyslogFormat {
    private static final DateTimeFormatter BSD_STAMP = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
            Locale.ROOT);

    private SyslogFormat() {
    }

    /** The texts the record becomes, before any header: one per line. */
    static List<String> lines(LogRecord r) {
        List<String> out = new ArrayList<>();
        String message = r.message() == null ? "" : r.message();
        String body = stripTrailingNewlines(message);
        if (r.source() == LogRecord.Source.ACTIVITY) {
            String formatted = r.formatted();
            // formatted = "<stamp> <LABEL> " + message + "\n"
            String prefix = formatted != null && formatted.endsWith(message + "\n")
                    ? formatted.substring(0, formatted.length() - message.length() - 1)
                    : "";
            for (String line : body.split("\n", -1)) {
                out.add(prefix + line + "\n");
            }
        } else {
            for (String line : body.split("\n", -1)) {
                out.add(r.processName() + " " + line);
            }
        }
        return out;
    }

    /** One message for the local socket, glibc's layout. */
    static String local(int facility, String tag, long timeMillis, String text) {
        ZonedDateTime t = Instant.ofEpochMilli(timeMillis).atZone(ZoneId.systemDefault());
        return "<" + (facility * 8 + 6) + ">" + BSD_STAMP.format(t) + " " + tag + ": " + text;
    }

    /** One RFC 5424 message: {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD MSG}. */
    static String rfc5424(int facility, LogRecord r, String host, String app, long pid, String text) {
        ZonedDateTime t = Instant.ofEpochMilli(r.timeMillis()).truncatedTo(ChronoUnit.MILLIS)
                .atZone(ZoneId.systemDefault());
        String msgid = r.source() == LogRecord.Source.CHILD ? nil(r.processName()) : "-";
        return "<" + (facility * 8 + severity(r)) + ">1 " + RFC3339.format(t) + " " + nil(host) + " " + nil(app) + " "
                + pid + " " + msgid + " - " + stripTrailingNewlines(text);
    }

    static int severity(LogRecord r) {
        if (r.source() == LogRecord.Source.CHILD) {
            return "stderr".equals(r.channel()) ? 3 : 6;
        }
        LogLevel l = r.level();
        if (l == null) {
            return 6;
        }
        switch (l) {
            case CRITICAL:
                return 2;
            case ERROR:
                return 3;
            case WARN:
                return 4;
            case INFO:
                return 6;
            default:
                return 7;
        }
    }

    private static String nil(String s) {
        if (s == null || s.isEmpty()) {
            return "-";
        }
        return s.replace(' ', '_');
    }

    private static String stripTrailingNewlines(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '\n') {
            end--;
        }
        return s.substring(0, end);
    }
}
