package io.jsupervisor.webui.internal;

import io.jsupervisor.api.process.ProcessManager;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The server-sent event streams of {@code /api/events}. The core's PROCESS_STATE and
 * PROCESS_GROUP events ({@link ApiEndpoint} listens to them) make one timer thread look at the
 * process manager {@value #SETTLE_MILLIS} ms later (a burst of changes is one look), and send a
 * {@code status} event (the whole {@link Snapshot}) to every stream when its
 * {@link Snapshot#signature} changed; actions taken through the UI look at once. A look every
 * {@link #POLL_MILLIS} ms (5 s) while anybody listens is only a safety net, and a comment line every
 * 15 s keeps proxies from closing a quiet stream. While nobody listens nothing runs at all (the
 * timer's thread is not even started until the first stream): an idle daemon stays asleep.
 * A slow reader never holds the timer: each stream has one write in flight and keeps only the
 * newest event behind it.
 */
final class EventHub {
    /**
     * The safety net's period; the system property {@code jsupervisor.webui.safetyPollMillis}
     * changes it (the web UI test sets it to an hour, so only the core's events can move a page).
     */
    static final long POLL_MILLIS = Long.getLong("jsupervisor.webui.safetyPollMillis", 5000);
    static final long SETTLE_MILLIS = 20;
    private static final long KEEPALIVE_MILLIS = 15_000;

    private final ProcessManager manager;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jsupervisor-webui-events");
        t.setDaemon(true);
        return t;
    });
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean lookScheduled = new AtomicBoolean();
    private String lastSignature;
    private long lastWrite;
    /** The safety net while anybody listens; touched on the timer thread only. */
    private ScheduledFuture<?> safetyNet;

    EventHub(ProcessManager manager) {
        this.manager = manager;
    }

    void subscribe(Response response, Callback callback) {
        Stream s = new Stream(response, callback);
        streams.add(s);
        timer.execute(() -> {
            if (safetyNet == null) {
                safetyNet = timer.scheduleWithFixedDelay(this::tick, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
            }
            try {
                s.send("retry: 2000\n" + event(Snapshot.of(manager)));
            } catch (RuntimeException e) {
                s.send("retry: 2000\n\n");
            }
        });
    }

    /** Look now rather than at the next tick (after an action). */
    void poke() {
        timer.execute(this::tick);
    }

    /** A process changed state (a core event): look shortly, once for a whole burst. */
    void changed() {
        if (!streams.isEmpty() && lookScheduled.compareAndSet(false, true)) {
            timer.schedule(() -> {
                lookScheduled.set(false);
                tick();
            }, SETTLE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    int listeners() {
        return streams.size();
    }

    void close() {
        timer.shutdownNow();
        for (Stream s : streams) {
            s.end();
        }
        streams.clear();
    }

    private static String event(Snapshot snap) {
        return "event: status\ndata: " + snap.json() + "\n\n";
    }

    private void tick() {
        if (streams.isEmpty()) {
            lastSignature = null;
            if (safetyNet != null) {
                safetyNet.cancel(false); // the last stream went: sleep until the next one
                safetyNet = null;
            }
            return;
        }
        try {
            Snapshot snap = Snapshot.of(manager);
            String sig = snap.signature();
            long now = System.currentTimeMillis();
            if (!sig.equals(lastSignature)) {
                lastSignature = sig;
                lastWrite = now;
                String data = event(snap);
                streams.forEach(s -> s.send(data));
            } else if (now - lastWrite > KEEPALIVE_MILLIS) {
                lastWrite = now;
                streams.forEach(s -> s.send(": keepalive\n\n"));
            }
        } catch (RuntimeException e) {
            // the daemon is shutting down, or a snapshot failed once: try again at the next tick
        }
    }

    /** One open event stream. */
    private final class Stream {
        private final Response response;
        private final Callback done;
        private boolean writing;
        private String pending;
        private boolean ended;

        Stream(Response response, Callback done) {
            this.response = response;
            this.done = done;
        }

        synchronized void send(String data) {
            if (ended) {
                return;
            }
            if (writing) {
                // keep the newest status; a keepalive never replaces one
                if (pending == null || !data.startsWith(":")) {
                    pending = data;
                }
                return;
            }
            write(data);
        }

        private void write(String data) {
            writing = true;
            response.write(false, ByteBuffer.wrap(data.getBytes(StandardCharsets.UTF_8)), Callback.from(this::written, this::failed));
        }

        private synchronized void written() {
            writing = false;
            if (ended) {
                response.write(true, ByteBuffer.allocate(0), done);
                return;
            }
            if (pending != null) {
                String next = pending;
                pending = null;
                write(next);
            }
        }

        private void failed(Throwable t) {
            synchronized (this) {
                ended = true;
                writing = false;
            }
            streams.remove(this);
            done.failed(t);
        }

        synchronized void end() {
            if (ended) {
                return;
            }
            ended = true;
            if (!writing) {
                response.write(true, ByteBuffer.allocate(0), done);
            }
        }
    }
}
