package io.jsupervisor.eventlisteners.internal;

import io.jsupervisor.api.config.LogLevel;
import io.jsupervisor.api.event.EventListener;
import io.jsupervisor.api.event.EventType;
import io.jsupervisor.api.process.ProcessInfo;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One configured {@code [jsupervisor.listener:x]}. It is registered as an {@link EventListener}
 * service for {@link #types()} (when that is not empty), {@link #start()}ed, and
 * {@link #close()}d when the daemon restarts or the bundle goes away.
 */
abstract class Listener implements EventListener, AutoCloseable {
    final String name;
    final Control control;
    private final Set<String> restarting = ConcurrentHashMap.newKeySet();

    Listener(String name, Control control) {
        this.name = name;
        this.control = control;
    }

    /** The subscription; empty for a listener driven only by its own timer. */
    abstract Set<EventType> types();

    /** What it does, for the activity log line at start-up. */
    abstract String describe();

    void start() {
    }

    @Override
    public void close() {
    }

    void log(LogLevel level, String message) {
        control.log(level, "jsupervisor.listener:" + name + ": " + message);
    }

    boolean isRestarting(ProcessInfo p) {
        return restarting.contains(p.namespec());
    }

    /** Restarts {@code p} unless a restart of it by this listener is already under way. */
    void restart(ProcessInfo p) {
        String ns = p.namespec();
        if (!restarting.add(ns)) {
            return;
        }
        try {
            control.restart(ns).whenComplete((r, ex) -> {
                restarting.remove(ns);
                if (ex != null) {
                    log(LogLevel.WARN, "could not restart " + ns + ": " + message(ex));
                }
            });
        } catch (RuntimeException ex) {
            restarting.remove(ns);
            log(LogLevel.WARN, "could not restart " + ns + ": " + message(ex));
        }
    }

    static String message(Throwable ex) {
        Throwable t = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
