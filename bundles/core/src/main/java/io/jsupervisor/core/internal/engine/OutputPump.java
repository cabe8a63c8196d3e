package io.jsupervisor.core.internal.engine;

import io.jsupervisor.core.internal.log.ActivityLog;
import io.jsupervisor.core.internal.log.AnsiStripper;
import io.jsupervisor.core.internal.log.RotatingLogFile;
import java.io.IOException;
import java.io.InputStream;

/**
 * Drains one child pipe on its own thread into the stream's log file, so a child that writes a
 * lot never waits on the engine and the engine never waits on the disk. Reads until end of file
 * (the child and everything it handed the pipe to have closed it). A failing disk is reported
 * once and the pipe keeps being drained so the child is never blocked.
 */
final class OutputPump implements Runnable {
    // Small to begin with: there is one buffer per child pipe (two per process), and 500
    // processes must fit a small heap. A read that fills it means the child writes a lot: the
    // buffer grows (x4, up to MAX_CHUNK) so a busy pipe is drained in a few large reads and
    // writes rather than thousands of small ones; quiet children never pay for it.
    private static final int CHUNK = 8 * 1024;
    private static final int MAX_CHUNK = 128 * 1024;

    private final InputStream pipe;
    private final RotatingLogFile log;
    private final AnsiStripper stripper;
    private final ActivityLog activity;
    private final String label;
    private final Thread thread;
    /** Guards the log file between this thread's writes and the engine's reopen/clear. */
    private final Object lock = new Object();
    private boolean closed;
    /** Sees what is logged (log events, the listener protocol); null when nobody needs it. */
    private final Tap tap;
    private final CaptureFilter capture;

    /** Pump-thread callbacks for the bytes a child wrote, after ANSI stripping. */
    interface Tap {
        /** Bytes read outside a capture (or inside one, for log events: {@code inCapture}). */
        void output(byte[] data, boolean inCapture);

        /** A capture ended ({@code *_capture_maxbytes} > 0). */
        default void captured(byte[] data) {
        }
    }

    /**
     * @param log where the bytes go, or null to discard them (logfile NONE)
     * @param stripAnsi remove escape sequences before writing ([supervisord] strip_ansi)
     * @param label {@code name stdout} for messages and the thread's name
     */
    OutputPump(InputStream pipe, RotatingLogFile log, boolean stripAnsi, ActivityLog activity, String label) {
        this(pipe, log, stripAnsi, activity, label, null, 0);
    }

    /**
     * @param tap told of every chunk (events, listener protocol), or null
     * @param captureMaxbytes above 0: capture mode, see {@link CaptureFilter}
     */
    OutputPump(InputStream pipe, RotatingLogFile log, boolean stripAnsi, ActivityLog activity, String label,
            Tap tap, long captureMaxbytes) {
        this.tap = tap;
        this.capture = captureMaxbytes > 0 ? new CaptureFilter(captureMaxbytes) : null;
        this.pipe = pipe;
        this.log = log;
        this.stripper = stripAnsi ? new AnsiStripper() : null;
        this.activity = activity;
        this.label = label;
        this.thread = new Thread(null, this, "jsupervisor-output-" + label, 128 * 1024);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** USR2: close the file and open it again at its path (logrotate moved it). */
    void reopen() {
        synchronized (lock) {
            if (closed || log == null) {
                return;
            }
            try {
                log.reopen();
            } catch (IOException e) {
                activity.error("could not reopen " + label + " log " + log.path() + ": " + e.getMessage());
            }
        }
    }

    /** clearProcessLogs: empty the current file; returns false when this pump has finished. */
    boolean clear() throws IOException {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            if (log != null) {
                log.clear();
            }
            return true;
        }
    }

    /** Waits until everything the child wrote has been written to the log (or the timeout). */
    void awaitDrained(long millis) throws InterruptedException {
        thread.join(millis);
    }

    /** Capture mode's outlets: ordinary output to the log, the rest to the tap. */
    private final CaptureFilter.Sink sink = new CaptureFilter.Sink() {
        private boolean reported;

        @Override
        public void normal(byte[] data) {
            reported = write(data, data.length, reported);
        }

        @Override
        public void inCapture(byte[] data) {
            if (tap != null) {
                tap.output(data, true);
            }
        }

        @Override
        public void captured(byte[] data) {
            if (tap != null) {
                tap.captured(data);
            }
        }
    };

    /** Writes to the log and tells the tap; returns whether a write failure has been reported. */
    private boolean write(byte[] data, int len, boolean reported) {
        if (len == 0) {
            return reported;
        }
        if (tap != null) {
            // a copy: the read buffer is reused and the tap may hand the bytes to another thread
            tap.output(java.util.Arrays.copyOf(data, len), false);
        }
        if (log == null) {
            return reported;
        }
        try {
            synchronized (lock) {
                log.write(data, 0, len);
            }
        } catch (IOException e) {
            if (!reported) {
                activity.error("could not write " + label + " log " + log.path() + ": " + e.getMessage());
            }
            return true;
        }
        return reported;
    }

    @Override
    public void run() {
        byte[] buf = new byte[CHUNK];
        boolean reported = false;
        try (InputStream in = pipe) {
            int n;
            while ((n = in.read(buf)) > 0) {
                byte[] full = n == buf.length && buf.length < MAX_CHUNK ? buf : null;
                if (log == null && tap == null) {
                    continue;
                }
                byte[] data = buf;
                int len = n;
                if (stripper != null) {
                    data = stripper.strip(buf, 0, n);
                    len = data.length;
                }
                if (capture != null) {
                    capture.feed(data, 0, len, sink);
                } else {
                    reported = write(data, len, reported);
                }
                if (full != null) {
                    buf = new byte[Math.min(MAX_CHUNK, buf.length * 4)];
                }
            }
            if (stripper != null) {
                byte[] rest = stripper.flush();
                if (capture != null) {
                    capture.feed(rest, 0, rest.length, sink);
                } else {
                    write(rest, rest.length, reported);
                }
            }
            if (capture != null) {
                capture.flush(sink);
            }
        } catch (IOException e) {
            activity.debug("reading " + label + " ended: " + e.getMessage());
        } finally {
            synchronized (lock) {
                closed = true;
                if (log != null) {
                    log.close();
                }
            }
        }
    }
}
