package io.jsupervisor.core.internal.engine;

import io.jsupervisor.api.event.Event;
import io.jsupervisor.api.event.EventType;
import io.jsupervisor.api.process.ProcessInfo;
import io.jsupervisor.api.process.ProcessState;
import io.jsupervisor.core.internal.event.EventBus;
import io.jsupervisor.core.internal.log.ActivityLog;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Where the engine's events go: the event-listener pools (with their serial numbers), the
 * in-JVM listeners' bus, and the TICK_* clock. A process state change comes through
 * {@link #stateChanged}, the one path that both raises its event and tells the in-engine
 * observers. Engine thread only, except {@link #addObserver}.
 */
final class EventPublisher {
    /** The periods of TICK_5/60/3600, in seconds. */
    private static final int[] TICK_PERIODS = {5, 60, 3600};

    private final ProcessTable table;
    private final EventBus bus;
    private final ActivityLog log;
    private final List<ProcessStateListener> observers = new CopyOnWriteArrayList<>();
    private long serial = -1;
    /** The last TICK_5/60/3600 time slices seen (0: not yet). */
    private final long[] lastTicks = new long[TICK_PERIODS.length];

    EventPublisher(ProcessTable table, EventBus bus, ActivityLog log) {
        this.table = table;
        this.bus = bus;
        this.log = log;
    }

    void addObserver(ProcessStateListener observer) {
        observers.add(observer);
    }

    void publish(Event event) {
        Delivery d = new Delivery(event);
        for (ListenerPool pool : table.pools()) {
            pool.accept(d, this::nextSerial);
        }
        bus.publish(event);
    }

    /** A process changed state: its PROCESS_STATE_* event, then the in-engine observers. */
    void stateChanged(ProcessRuntime process, ProcessState from, Event event, long nowWall) {
        publish(event);
        if (observers.isEmpty()) {
            return;
        }
        ProcessInfo info = process.info(nowWall);
        for (ProcessStateListener o : observers) {
            try {
                o.stateChanged(info, from);
            } catch (RuntimeException e) {
                log.error("state listener failed: " + e);
            }
        }
    }

    /** Sends what the pools have buffered (events raised after a pool's own turn in a pass). */
    void dispatchPools() {
        table.pools().forEach(ListenerPool::dispatch);
    }

    private long nextSerial() {
        serial = serial == Long.MAX_VALUE ? 0 : serial + 1;
        return serial;
    }

    /**
     * TICK_5/60/3600 when the clock enters a new time slice of the period; the first look only
     * notes the slice, as the reference's tick does.
     */
    void tick() {
        long now = System.currentTimeMillis() / 1000;
        for (int i = 0; i < TICK_PERIODS.length; i++) {
            int period = TICK_PERIODS[i];
            long slice = now / period * period;
            if (lastTicks[i] == 0) {
                lastTicks[i] = slice;
            } else if (slice != lastTicks[i]) {
                lastTicks[i] = slice;
                publish(EventPayloads.tick(period, slice, now));
            }
        }
    }

    /** When the loop must wake for the next TICK_5, or Long.MAX_VALUE when nobody listens. */
    long nextTickDeadline(long nowNanos) {
        if (!wantsTicks()) {
            return Long.MAX_VALUE;
        }
        long millis = System.currentTimeMillis();
        long toNextSlice = TICK_PERIODS[0] * 1000L - millis % (TICK_PERIODS[0] * 1000L);
        return nowNanos + TimeUnit.MILLISECONDS.toNanos(toNextSlice) + 1;
    }

    private boolean wantsTicks() {
        for (ListenerPool pool : table.pools()) {
            if (pool.subscribes(EventType.TICK_5)) {
                return true;
            }
        }
        return bus.wants(EventType.TICK_5);
    }
}
