package io.jsupervisor.restapi.internal;

import io.jsupervisor.pycompat.json.Json;
import io.jsupervisor.api.event.Event;
import io.jsupervisor.api.event.EventType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last {@code capacity} events the daemon raised, numbered from 1, and the streams that
 * follow them. A client that reconnects with {@code Last-Event-ID: n} gets every event after
 * {@code n} that is still held, then the live ones; when some it missed are no longer held (or
 * {@code n} is from another run of the daemon) it first gets one {@code reset} event, so it
 * knows to fetch the whole state again instead of trusting a partial history.
 *
 * <p>Events are appended on the core's event-listener thread for this bundle; streams subscribe
 * from HTTP threads. One lock orders both, so a subscriber sees each event exactly once, either
 * in its replay or live.
 */
final class EventJournal {
    /** What a stream is handed: SSE frames, already formatted. */
    interface Sink {
        /** @return false once the stream is gone; it is then dropped */
        boolean send(String frame);
    }

    /** How long a client that lost its stream waits before it reconnects and resumes. */
    static final int RETRY_MILLIS = 2000;

    private final int capacity;
    private final ArrayDeque<Entry> held = new ArrayDeque<>();
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private long lastId;

    private record Entry(long id, Event event, String frame) {}

    private record Subscriber(Sink sink, List<EventType> types) {
        boolean wants(EventType t) {
            if (types.isEmpty()) {
                return true;
            }
            for (EventType want : types) {
                if (t.isA(want)) {
                    return true;
                }
            }
            return false;
        }
    }

    EventJournal(int capacity) {
        this.capacity = capacity;
    }

    /** Records an event and hands it to every stream that wants its type. */
    void append(Event event) {
        List<Subscriber> gone = new ArrayList<>();
        synchronized (this) {
            long id = ++lastId;
            Entry e = new Entry(id, event, frame(id, event));
            held.addLast(e);
            if (held.size() > capacity) {
                held.removeFirst();
            }
            for (Subscriber s : subscribers) {
                if (s.wants(event.type()) && !s.sink().send(e.frame())) {
                    gone.add(s);
                }
            }
        }
        gone.forEach(subscribers::remove);
    }

    /**
     * Starts a stream: a first frame (the reconnection delay and a comment naming the last id),
     * the held events after {@code lastEventId} (null: none, only live ones from now on), then
     * every new one. {@code types} empty means every type.
     *
     * <p>The stream is a subscriber before its first frame is sent, and no event can be appended
     * meanwhile (one lock): a client that reads the whole state as soon as its stream answers
     * (the web UI does) cannot miss a change that happened between that read and the subscription.
     */
    void subscribe(Sink sink, String lastEventId, List<EventType> types) {
        Subscriber sub = new Subscriber(sink, List.copyOf(types));
        synchronized (this) {
            subscribers.add(sub);
            if (!sink.send("retry: " + RETRY_MILLIS + "\n: connected, last id " + lastId + "\n\n")) {
                subscribers.remove(sub);
                return;
            }
            if (lastEventId != null) {
                long after = parseId(lastEventId);
                long oldest = held.isEmpty() ? lastId + 1 : held.peekFirst().id();
                if (after < 0 || after > lastId || after + 1 < oldest) {
                    if (!sink.send(resetFrame())) {
                        subscribers.remove(sub);
                        return;
                    }
                }
                for (Entry e : held) {
                    if (e.id() > after && sub.wants(e.event().type()) && !sink.send(e.frame())) {
                        subscribers.remove(sub);
                        return;
                    }
                }
            }
        }
    }

    void unsubscribe(Sink sink) {
        subscribers.removeIf(s -> s.sink() == sink);
    }

    int streams() {
        return subscribers.size();
    }

    /** Sends a comment line to every stream, so proxies keep a quiet stream open. */
    void keepAlive() {
        subscribers.removeIf(s -> !s.sink().send(": keepalive\n\n"));
    }

    private String resetFrame() {
        return "id: " + lastId + "\nevent: reset\ndata: {\"last_id\":" + lastId + "}\n\n";
    }

    private static long parseId(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** One event as the JSON the stream's data line carries. */
    static Map<String, Object> json(long id, Event event) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("type", event.type().name());
        m.put("time", event.timeMillis() / 1000.0);
        m.put("fields", event.fields());
        m.put("body", event.body());
        return m;
    }

    private static String frame(long id, Event event) {
        // a JSON text never holds a raw newline, so one data line carries it whole
        return "id: " + id + "\nevent: " + event.type().name() + "\ndata: " + Json.write(json(id, event)) + "\n\n";
    }
}
