package io.jsupervisor.metrics.internal;

import io.jsupervisor.api.event.Event;
import io.jsupervisor.api.event.EventListener;
import io.jsupervisor.api.event.EventType;
import io.jsupervisor.api.process.ProcessState;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import org.osgi.service.component.annotations.Component;

/**
 * Counts every event the daemon raises, by type, and keeps each process's {@link ProcessHistory}
 * from its state changes, so a scrape reads counters instead of polling the engine. It runs as
 * an in-JVM listener on its own thread; scrapes read it concurrently.
 */
@Component(
        service = {EventListener.class, EventTally.class},
        property = EventListener.TYPES_PROPERTY + "=EVENT")
public final class EventTally implements EventListener {
    private static final String STATE_PREFIX = "PROCESS_STATE_";

    private final AtomicLongArray byType = new AtomicLongArray(EventType.values().length);
    private final Map<String, ProcessHistory> histories = new ConcurrentHashMap<>();

    @Override
    public void onEvent(Event event) {
        byType.incrementAndGet(event.type().ordinal());
        if (event.type().isA(EventType.PROCESS_STATE)) {
            ProcessState to = ProcessState.valueOf(event.type().name().substring(STATE_PREFIX.length()));
            ProcessState from = stateOrNull(event.field("from_state"));
            histories.computeIfAbsent(key(event.groupName(), event.processName()), k -> new ProcessHistory())
                    .transition(from, to, event.timeMillis());
        }
    }

    /** How many events of this concrete type the daemon raised since this listener started. */
    long count(EventType type) {
        return byType.get(type.ordinal());
    }

    /** The history of {@code group:name}, or no counts when it never changed state. */
    ProcessHistory.Counts counts(String group, String name, long nowMillis) {
        ProcessHistory h = histories.get(key(group, name));
        return h == null ? ProcessHistory.Counts.NONE : h.counts(nowMillis);
    }

    private static String key(String group, String name) {
        return group + ':' + name;
    }

    private static ProcessState stateOrNull(String name) {
        try {
            return name == null ? null : ProcessState.valueOf(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
