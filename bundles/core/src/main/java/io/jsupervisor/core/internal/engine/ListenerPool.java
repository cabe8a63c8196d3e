package io.jsupervisor.core.internal.engine;

import io.jsupervisor.api.config.ProcessGroupConfig.EventListenerSettings;
import io.jsupervisor.api.event.EventType;
import io.jsupervisor.api.process.ProcessState;
import io.jsupervisor.core.internal.log.ActivityLog;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * An {@code [eventlistener:x]} pool: the events its subscription accepts wait in a buffer of
 * {@code buffer_size} (the oldest is dropped, and logged, when it is full) and go, oldest first,
 * to whichever listener of the pool is RUNNING and READY. Engine thread only.
 */
final class ListenerPool implements ListenerProtocol.Outcome {
    private final String name;
    private final GroupRuntime group;
    private final int bufferSize;
    private final Set<EventType> subscribed = EnumSet.noneOf(EventType.class);
    private final ActivityLog log;
    private final String identifier;
    private final Deque<Delivery> buffer = new ArrayDeque<>();
    private long serial = -1;
    /** Events this pool subscribed to and was offered, and those its full buffer dropped. */
    private long offered;
    private long dropped;

    ListenerPool(GroupRuntime group, EventListenerSettings settings, ActivityLog log, String identifier) {
        this.name = group.config.name();
        this.group = group;
        this.bufferSize = settings.bufferSize();
        this.log = log;
        this.identifier = identifier;
        for (String e : settings.events()) {
            EventType.byName(e).ifPresent(subscribed::add);
        }
        String handler = settings.resultHandler();
        if (handler != null && !handler.isEmpty() && !handler.equals("supervisor.dispatchers:default_handler")) {
            log.warn("eventlistener " + name + ": result_handler " + handler
                    + " is a Python function and can't be loaded; the default handler (OK accepts) is used");
        }
    }

    /** This pool's event counters for {@link io.jsupervisor.api.process.ProcessManager#statistics()}. */
    io.jsupervisor.api.process.EngineStatistics.PoolEvents statistics() {
        return new io.jsupervisor.api.process.EngineStatistics.PoolEvents(name, offered, dropped, buffer.size());
    }

    boolean subscribes(EventType type) {
        for (EventType t : subscribed) {
            if (type.isA(t)) {
                return true;
            }
        }
        return false;
    }

    /** The daemon raised an event: keep it if this pool subscribes to it. */
    void accept(Delivery d, LongSupplier globalSerial) {
        if (subscribes(d.event.type())) {
            offered++;
            buffer(d, false, globalSerial);
        }
    }

    private void buffer(Delivery d, boolean head, LongSupplier globalSerial) {
        if (d.serial < 0) {
            d.serial = globalSerial.getAsLong();
        }
        if (!d.poolSerials.containsKey(name)) {
            serial = serial == Long.MAX_VALUE ? 0 : serial + 1;
            d.poolSerials.put(name, serial);
        } else {
            log.debug("rebuffering event " + d.serial + " for pool " + name + " (buf size=" + buffer.size()
                    + ", max=" + bufferSize + ")");
        }
        if (buffer.size() >= bufferSize && !buffer.isEmpty()) {
            Delivery discarded = buffer.pollFirst();
            dropped++;
            log.error("pool " + name + " event buffer overflowed, discarding event " + discarded.serial);
        }
        if (head) {
            buffer.addFirst(d);
        } else {
            buffer.addLast(d);
        }
    }

    /** Sends buffered events, oldest first, while a listener is ready for one. */
    void dispatch() {
        while (!buffer.isEmpty()) {
            ProcessRuntime ready = readyListener();
            if (ready == null) {
                return;
            }
            Delivery d = buffer.pollFirst();
            String payload = d.event.payload();
            String envelope = "ver:3.0 server:" + identifier + " serial:" + d.serial + " pool:" + name
                    + " poolserial:" + d.poolSerials.get(name) + " eventname:" + d.event.type().name()
                    // the reference counts characters (a Python str), not bytes
                    + " len:" + payload.codePointCount(0, payload.length()) + "\n" + payload;
            ready.writeToListener(envelope.getBytes(StandardCharsets.UTF_8));
            ready.listener().sent(d);
            log.debug("event " + d.serial + " sent to listener " + ready.config.name());
        }
    }

    private ProcessRuntime readyListener() {
        for (ProcessRuntime p : group.processes.values()) {
            if (p.state() == ProcessState.RUNNING && p.listener() != null
                    && p.listener().state == ListenerProtocol.State.READY) {
                return p;
            }
        }
        return null;
    }

    @Override
    public void result(ListenerProtocol listener, Delivery event, byte[] result) {
        // supervisor.dispatchers:default_handler: OK accepts, anything else rejects
        if (new String(result, StandardCharsets.ISO_8859_1).equals("OK")) {
            log.debug(nameOf(listener) + ": event was processed");
            listener.change(ListenerProtocol.State.ACKNOWLEDGED);
        } else {
            log.warn(nameOf(listener) + ": event was rejected");
            listener.change(ListenerProtocol.State.ACKNOWLEDGED);
            if (event != null) {
                rejected(event);
            }
        }
    }

    @Override
    public void rejected(Delivery event) {
        buffer(event, true, () -> event.serial);
    }

    private String nameOf(ListenerProtocol listener) {
        for (ProcessRuntime p : group.processes.values()) {
            if (p.listener() == listener) {
                return p.config.name();
            }
        }
        return name;
    }

    int buffered() {
        return buffer.size();
    }
}
