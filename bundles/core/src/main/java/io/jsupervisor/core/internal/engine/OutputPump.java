package io.jsupervisor.core.internal.engine;

import io.jsupervisor.core.internal.log.ActivityLog;
import io.jsupervisor.core.internal.log.AnsiStripper;
import io.jsupervisor.core.internal.log.LossMarkingLog;
import io.jsupervisor.core.internal.log.RotatingLogFile;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * What becomes of the bytes of one child pipe: ANSI stripping, capture mode, the tap (events,
 * the listener protocol, log handlers) and the stream's log file. The {@link OutputReactor}
 * reads the pipe and calls {@link #consume} and {@link #end} on its thread, so a child that
 * writes a lot never waits on the engine and the engine never waits on the disk. A failing
 * disk is reported once per stretch of failures and the pipe keeps being drained so the child is
 * never blocked; what could not be written is marked in the log and counted in the activity log
 * (see {@link LossMarkingLog}).
 */
final class OutputPump {
    private final LossMarkingLog log;
    private final AnsiStripper stripper;
    private final ActivityLog activity;
    private final String label;
    /** Guards the log file between the reactor's writes and the engine's reopen/clear. */
    private final Object lock = new Object();
    private boolean closed;
    private boolean rotationReported;
    /** Sees what is logged (log events, the listener protocol); null when nobody needs it. */
    private final Tap tap;
    private final CaptureFilter capture;
    /** The stream's line prefix for its log; null without one. */
    private final LinePrefixer prefixer;
    /** Counts the bytes read from the pipe (the process's total over its children). */
    private final java.util.concurrent.atomic.AtomicLong bytesRead;
    /** Reused for the bytes when they must be looked at (stripping, capture, the tap). */
    private byte[] heap = new byte[0];
    /** The pipe's capacity, and whether the reactor has tried to grow it (reactor thread). */
    int pipeSize;
    boolean pipeGrown;

    /** Reactor-thread callbacks for the bytes a child wrote, after ANSI stripping. */
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
     * @param label {@code name stdout} for messages
     * @param tap told of every chunk (events, listener protocol), or null
     * @param captureMaxbytes above 0: capture mode, see {@link CaptureFilter}
     * @param linePrefix the stream's {@code *_line_prefix} for what goes to the log, or null
     * @param bytesRead where the bytes read from the pipe are counted
     */
    OutputPump(RotatingLogFile log, boolean stripAnsi, ActivityLog activity, String label, Tap tap,
            long captureMaxbytes, String linePrefix, java.util.concurrent.atomic.AtomicLong bytesRead) {
        this.tap = tap;
        this.bytesRead = bytesRead;
        this.prefixer = linePrefix == null || log == null ? null : new LinePrefixer(linePrefix);
        this.capture = captureMaxbytes > 0 ? new CaptureFilter(captureMaxbytes) : null;
        this.log = log == null ? null : new LossMarkingLog(log, this::lost);
        this.stripper = stripAnsi ? new AnsiStripper() : null;
        this.activity = activity;
        this.label = label;
    }

    String label() {
        return label;
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
                activity.error("could not reopen " + label + " log " + log.file().path() + ": " + e.getMessage());
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
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (lock) {
            while (!closed) {
                long left = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return;
                }
                lock.wait(left);
            }
        }
    }

    /** Capture mode's outlets: ordinary output to the log, the rest to the tap. */
    private final CaptureFilter.Sink sink = new CaptureFilter.Sink() {
        @Override
        public void normal(byte[] data) {
            write(data, data.length);
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

    /** Writes to the log and tells the tap; a write failure is reported once. */
    private void write(byte[] data, int len) {
        if (len == 0) {
            return;
        }
        if (tap != null) {
            // a copy: the read buffer is reused and the tap may hand the bytes to another thread
            tap.output(java.util.Arrays.copyOf(data, len), false);
        }
        if (log == null) {
            return;
        }
        if (prefixer != null) {
            data = prefixer.apply(data, len, System.nanoTime());
            len = data.length;
        }
        writeToLog(data, len);
    }

    private void writeToLog(byte[] data, int len) {
        if (len == 0) {
            return;
        }
        try {
            synchronized (lock) {
                log.write(data, 0, len);
            }
        } catch (IOException e) {
            failed(e);
        }
    }

    /** Reactor thread: whether part of a prefixed line waits for its end (see {@link LinePrefixer}). */
    boolean holdingLine() {
        return prefixer != null && prefixer.holding();
    }

    /** Reactor thread: when the waiting part of a line must go out; see {@link #holdingLine()}. */
    long heldLineDeadline() {
        return prefixer.flushDeadline();
    }

    /** Reactor thread: writes the waiting part of a line now; its rest will follow unprefixed. */
    void flushHeldLine() {
        if (prefixer != null && log != null) {
            byte[] rest = prefixer.flush();
            writeToLog(rest, rest.length);
        }
    }

    /** A stretch of failed writes began (the log drops quietly until it ends): said once. */
    private void failed(IOException e) {
        if (e instanceof RotatingLogFile.RotationFailedException) {
            // the bytes are in; the file keeps growing until a rotation works: say so once
            if (rotationReported) {
                return;
            }
            rotationReported = true;
        }
        activity.error("could not write " + label + " log " + log.file().path() + ": " + e.getMessage());
    }

    /** A stretch of failed writes ended: how much output the log is missing, said once. */
    private void lost(long bytes, String reason, boolean marked) {
        activity.warn(label + " log " + log.file().path() + ": " + bytes + " bytes of output lost (" + reason + ")"
                + (marked ? "" : "; the log was closed before it could be marked"));
    }

    /** Reactor thread: the bytes just read from the pipe, between position and limit. */
    void consume(ByteBuffer bytes) {
        bytesRead.addAndGet(bytes.remaining());
        if (log == null && tap == null) {
            return;
        }
        if (stripper == null && capture == null && tap == null && prefixer == null) {
            // the common case: straight from the read buffer to the file, no copy in between
            try {
                synchronized (lock) {
                    log.write(bytes);
                }
            } catch (IOException e) {
                failed(e);
            }
            return;
        }
        int n = bytes.remaining();
        if (heap.length < n) {
            heap = new byte[n];
        }
        bytes.get(heap, 0, n);
        byte[] data = heap;
        int len = n;
        if (stripper != null) {
            data = stripper.strip(heap, 0, n);
            len = data.length;
        }
        if (capture != null) {
            capture.feed(data, 0, len, sink);
        } else {
            write(data, len);
        }
    }

    /** Reactor thread: the pipe reached end of file (the child and its heirs closed it). */
    void end() {
        try {
            if (stripper != null) {
                byte[] rest = stripper.flush();
                if (capture != null) {
                    capture.feed(rest, 0, rest.length, sink);
                } else {
                    write(rest, rest.length);
                }
            }
            if (capture != null) {
                capture.flush(sink);
            }
            flushHeldLine();
        } finally {
            synchronized (lock) {
                closed = true;
                if (log != null) {
                    log.close();
                }
                lock.notifyAll();
            }
        }
    }
}
