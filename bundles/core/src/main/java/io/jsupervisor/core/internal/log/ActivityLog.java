package io.jsupervisor.core.internal.log;

import io.jsupervisor.api.config.LogFormat;
import io.jsupervisor.api.config.LogLevel;
import io.jsupervisor.api.log.LogRecord;

import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/**
 * The activity log ({@code supervisord.log}).
 *
 * <p>Each message becomes {@code <local date> <time>,<millis> <LABEL> <message>\n}, e.g.
 * {@code 2026-11-23 16:05:01,123 INFO spawned: 'x' with pid 42}; a message containing newlines is
 * written as it is, under one header, as the reference does. A message is written when its level
 * code is at least the logger's. The echo stream (nodaemon mode) receives each line before the
 * file, like the reference's handler order. With {@code logformat = json} each line is one JSON
 * object instead ({@link JsonActivityLine}), in the file and on the echo stream alike.
 *
 * <p>Thread-safe: whole lines are written under one lock. A write failure (disk full, ...) never
 * escapes {@link #log}; it is reported once on stderr, and again only after a write succeeded. A
 * line that fails half-way is cut back out of the file, and the first line written afterwards is
 * preceded by a WARN line that counts the lines lost in between.
 */
public final class ActivityLog implements Closeable {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private final String logfile;
    private final LogLevel level;
    private final LogFormat format;
    private final PrintStream echo;
    private final RotatingLogFile file;
    private final Object lock = new Object();
    private boolean failureReported;
    /** Lines that could not be written since the last that could, and why the first failed. */
    private long lostLines;
    private long lostBytes;
    private String lostReason;
    private boolean rotationFailureReported;
    private boolean closed;
    /** {@code logfile=syslog}: no file; every line goes to the log handlers marked for syslog. */
    private final boolean syslog;
    private volatile LogHandlers handlers;

    /**
     * @param logfile  the file to write (absolute path, or a special file such as {@code /dev/stdout})
     * @param maxbytes rotate when the file reaches this size; 0 never rotates
     * @param backups  how many rotated files to keep
     * @param level    the lowest level written
     * @param echo     a stream that also receives every line (stdout in nodaemon mode), or null
     * @throws IOException when the file cannot be opened; the message names the path
     */
    public ActivityLog(String logfile, long maxbytes, int backups, LogLevel level, PrintStream echo)
            throws IOException {
        this(logfile, maxbytes, backups, level, LogFormat.TEXT, echo);
    }

    /** @param format the reference's text lines, or one JSON object per line */
    public ActivityLog(String logfile, long maxbytes, int backups, LogLevel level, LogFormat format, PrintStream echo)
            throws IOException {
        Objects.requireNonNull(logfile, "logfile");
        this.logfile = logfile;
        this.level = Objects.requireNonNull(level, "level");
        this.format = Objects.requireNonNull(format, "format");
        this.echo = echo;
        this.syslog = logfile.equals("syslog");
        if (syslog) {
            this.file = null;
            return;
        }
        Path p;
        try {
            p = Path.of(logfile);
        } catch (InvalidPathException e) {
            throw new IOException("cannot open log file " + logfile + ": " + e.getReason(), e);
        }
        this.file = new RotatingLogFile(p, maxbytes, backups);
    }

    /** Where every line also goes (bundles' log handlers: syslog, ...). */
    public void setHandlers(LogHandlers handlers) {
        this.handlers = handlers;
    }

    private ActivityLog(PrintStream out, LogLevel level) {
        this.logfile = null;
        this.level = Objects.requireNonNull(level, "level");
        this.format = LogFormat.TEXT;
        this.echo = Objects.requireNonNull(out, "out");
        this.file = null;
        this.syslog = false;
    }

    /** A log that only writes to {@code out} (tests, and errors before the log file is known). */
    public static ActivityLog toStream(PrintStream out, LogLevel level) {
        return new ActivityLog(out, level);
    }

    public void log(LogLevel messageLevel, String message) {
        if (!isEnabled(messageLevel)) {
            return;
        }
        synchronized (lock) {
            long now = System.currentTimeMillis();
            String text = line(messageLevel, message, now);
            LogHandlers h = handlers;
            if (h != null) {
                h.offer(new LogRecord(LogRecord.Source.ACTIVITY, now, messageLevel, null, null, null, message, text,
                        syslog));
            }
            byte[] line = text.getBytes(StandardCharsets.UTF_8);
            if (echo != null) {
                echo.write(line, 0, line.length);
                echo.flush();
            }
            if (file != null && !closed) {
                writeToFile(line, now);
            }
        }
    }

    /**
     * Writes one whole line (a failed write leaves nothing: {@link RotatingLogFile} cuts a short
     * write back). After lines were lost, a line saying how many goes in first.
     */
    private void writeToFile(byte[] line, long now) {
        try {
            if (lostLines > 0) {
                String notice = lostLines + (lostLines == 1 ? " line" : " lines") + " (" + lostBytes
                        + " bytes) could not be written to this log: " + lostReason;
                writeWhole(line(LogLevel.WARN, notice, now).getBytes(StandardCharsets.UTF_8));
                lostLines = 0;
                lostBytes = 0;
                lostReason = null;
            }
            writeWhole(line);
            failureReported = false;
        } catch (IOException | RuntimeException e) {
            lostLines++;
            lostBytes += line.length;
            if (lostReason == null) {
                lostReason = RotatingLogFile.reason(e);
            }
            if (!failureReported) {
                failureReported = true;
                System.err.println("jsupervisor: cannot write to log file " + logfile + ": "
                        + RotatingLogFile.reason(e)
                        + " (further failures are not reported until a write succeeds)");
                System.err.flush();
            }
        }
    }

    /** The line is in the file when this returns; a failed rotation after it goes to stderr (once). */
    private void writeWhole(byte[] bytes) throws IOException {
        try {
            file.write(bytes, 0, bytes.length);
        } catch (RotatingLogFile.RotationFailedException e) {
            if (!rotationFailureReported) { // the file grows on; say so once
                rotationFailureReported = true;
                System.err.println("jsupervisor: " + e.getMessage());
                System.err.flush();
            }
        }
    }

    public void critical(String m) {
        log(LogLevel.CRITICAL, m);
    }

    public void error(String m) {
        log(LogLevel.ERROR, m);
    }

    public void warn(String m) {
        log(LogLevel.WARN, m);
    }

    public void info(String m) {
        log(LogLevel.INFO, m);
    }

    public void debug(String m) {
        log(LogLevel.DEBUG, m);
    }

    public void trace(String m) {
        log(LogLevel.TRACE, m);
    }

    public void blather(String m) {
        log(LogLevel.BLATHER, m);
    }

    public boolean isEnabled(LogLevel messageLevel) {
        return messageLevel != null && level.allows(messageLevel);
    }

    public LogLevel level() {
        return level;
    }

    /**
     * Closes the file and opens it again at the same path (SIGUSR2, after logrotate moved it).
     * If the new file cannot be opened the old one stays in use and the failure goes to stderr.
     */
    public void reopen() {
        synchronized (lock) {
            if (file == null || closed) {
                return;
            }
            try {
                file.reopen();
                failureReported = false;
            } catch (IOException e) {
                System.err.println("jsupervisor: cannot reopen log file " + logfile + ": "
                        + RotatingLogFile.reason(e));
                System.err.flush();
            }
        }
    }

    /** Closes the file; the echo stream is never closed. Later messages only go to the echo stream. */
    @Override
    public void close() {
        synchronized (lock) {
            if (!closed) {
                closed = true;
                if (file != null) {
                    file.close();
                }
            }
        }
    }

    /** The configured log file, or null for a stream-only log. */
    public String logfile() {
        return logfile;
    }

    private String line(LogLevel messageLevel, String message, long epochMillis) {
        return format == LogFormat.JSON
                ? JsonActivityLine.format(messageLevel, message, epochMillis)
                : format(messageLevel, message, epochMillis);
    }

    /** One line as the reference formats it: {@code %(asctime)s %(levelname)s %(message)s\n}. */
    static String format(LogLevel messageLevel, String message, long epochMillis) {
        LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneId.systemDefault());
        int millis = (int) Math.floorMod(epochMillis, 1000L);
        StringBuilder sb = new StringBuilder(32 + (message == null ? 4 : message.length()));
        sb.append(STAMP.format(t)).append(',');
        if (millis < 100) {
            sb.append('0');
        }
        if (millis < 10) {
            sb.append('0');
        }
        sb.append(millis).append(' ').append(messageLevel.label()).append(' ')
                .append(message == null ? "None" : message).append('\n');
        return sb.toString();
    }
}
