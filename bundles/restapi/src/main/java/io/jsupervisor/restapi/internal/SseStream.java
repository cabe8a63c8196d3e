package io.jsupervisor.restapi.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One open {@code text/event-stream} response. Frames are queued and written one at a time,
 * without blocking the caller (the event journal calls {@link #send} under its lock). A reader
 * that falls more than {@link #MAX_QUEUED_BYTES} behind is cut off rather than buffered without
 * bound: its client reconnects with {@code Last-Event-ID} and gets what it missed from the
 * journal, or a {@code reset} if that is gone too, so nothing is lost without the client knowing.
 */
final class SseStream implements EventJournal.Sink {
    static final int MAX_QUEUED_BYTES = 4 * 1024 * 1024;

    private final Response response;
    private final Callback done;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private int queuedBytes;
    private boolean writing;
    private boolean ended;
    private Runnable onEnd = () -> {};

    SseStream(Response response, Callback done) {
        this.response = response;
        this.done = done;
    }

    /** Called once the stream has ended, whichever way. */
    synchronized void onEnd(Runnable r) {
        this.onEnd = r;
    }

    @Override
    public synchronized boolean send(String frame) {
        if (ended) {
            return false;
        }
        byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
        if (queuedBytes + bytes.length > MAX_QUEUED_BYTES) {
            end();
            return false;
        }
        if (writing) {
            queue.addLast(bytes);
            queuedBytes += bytes.length;
        } else {
            write(bytes);
        }
        return true;
    }

    /** Ends the stream after what is queued. */
    synchronized void end() {
        if (ended) {
            return;
        }
        ended = true;
        queue.clear();
        queuedBytes = 0;
        if (!writing) {
            response.write(true, ByteBuffer.allocate(0), done);
        }
        onEnd.run();
    }

    private void write(byte[] bytes) {
        writing = true;
        response.write(false, ByteBuffer.wrap(bytes), Callback.from(this::written, this::failed));
    }

    private synchronized void written() {
        writing = false;
        if (ended) {
            response.write(true, ByteBuffer.allocate(0), done);
            return;
        }
        byte[] next = queue.pollFirst();
        if (next != null) {
            queuedBytes -= next.length;
            write(next);
        }
    }

    private void failed(Throwable t) {
        Runnable r;
        synchronized (this) {
            boolean wasEnded = ended;
            ended = true;
            writing = false;
            queue.clear();
            r = wasEnded ? () -> {} : onEnd;
        }
        r.run();
        done.failed(t);
    }
}
