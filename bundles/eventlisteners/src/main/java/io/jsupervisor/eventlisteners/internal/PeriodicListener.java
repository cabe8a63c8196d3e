package io.jsupervisor.eventlisteners.internal;

import io.jsupervisor.api.config.LogLevel;
import io.jsupervisor.api.event.Event;
import io.jsupervisor.api.event.EventType;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A listener that checks something periodically: on the daemon's {@code TICK_5}/{@code TICK_60}
 * events by default (as superlance's memmon and httpok do), or every {@code interval} seconds
 * on a timer thread of its own when that option is given.
 */
abstract class PeriodicListener extends Listener {
    private final EventType tick;
    private final long intervalMillis;
    private ScheduledExecutorService timer;

    /** @param intervalMillis 0 to check on each {@code tick} event instead of a timer */
    PeriodicListener(String name, Control control, EventType tick, long intervalMillis) {
        super(name, control);
        this.tick = tick;
        this.intervalMillis = intervalMillis;
    }

    /** One check; runs on the listener's event thread or its timer thread, never concurrently. */
    abstract void check() throws InterruptedException;

    String every() {
        return intervalMillis > 0 ? "every " + intervalMillis / 1000.0 + " s" : "on " + tick;
    }

    @Override
    Set<EventType> types() {
        return intervalMillis > 0 ? Set.of() : Set.of(tick);
    }

    @Override
    public void onEvent(Event event) throws InterruptedException {
        if (event.type() == tick) {
            check();
        }
    }

    @Override
    void start() {
        if (intervalMillis > 0) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "jsupervisor-listener-" + name);
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(this::safeCheck, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void safeCheck() {
        try {
            check();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // a check that throws must not cancel the schedule
            log(LogLevel.WARN, "check failed: " + e);
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
