package io.jsupervisor.core.internal.event;

import io.jsupervisor.api.event.Event;
import io.jsupervisor.api.event.EventListener;
import io.jsupervisor.api.event.EventType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Hands events to the in-JVM {@link EventListener} services. {@link #publish} never blocks: each
 * listener owns a bounded queue and a thread, so a listener that sleeps or throws costs only
 * itself. The bus outlives a daemon restart (SIGHUP), so listeners stay subscribed.
 */
public final class EventBus {
    /** Events one listener may lag behind before new ones for it are dropped. */
    static final int QUEUE_CAPACITY = 4096;

    private final Map<EventListener, Channel> channels = new ConcurrentHashMap<>();
    private volatile Consumer<String> warnings = System.err::println;

    /** Where overflow and listener failures are reported (the activity log once it is open). */
    public void setWarnings(Consumer<String> warnings) {
        this.warnings = warnings == null ? System.err::println : warnings;
    }

    public void addListener(EventListener listener, Set<EventType> types, String name) {
        Channel c = new Channel(listener, types, name);
        Channel old = channels.put(listener, c);
        if (old != null) {
            old.close();
        }
        c.thread.start();
    }

    public void removeListener(EventListener listener) {
        Channel c = channels.remove(listener);
        if (c != null) {
            c.close();
        }
    }

    /** Whether any in-JVM listener wants events of this type (saves building unwanted events). */
    public boolean wants(EventType type) {
        for (Channel c : channels.values()) {
            if (c.accepts(type)) {
                return true;
            }
        }
        return false;
    }

    public void publish(Event event) {
        for (Channel c : channels.values()) {
            if (c.accepts(event.type())) {
                c.offer(event);
            }
        }
    }

    /** Stops every listener thread (the core bundle is stopping). */
    public void close() {
        List<Channel> all = new ArrayList<>(channels.values());
        channels.clear();
        all.forEach(Channel::close);
    }

    /**
     * The subscription named in a listener's service property: a String (comma- or
     * space-separated), a String[] or a collection; unknown names are reported and skipped.
     */
    public static Set<EventType> parseTypes(Object property, Consumer<String> unknown) {
        List<String> names = new ArrayList<>();
        if (property instanceof String s) {
            names.addAll(List.of(s.split("[,\\s]+")));
        } else if (property instanceof String[] a) {
            names.addAll(List.of(a));
        } else if (property instanceof Collection<?> c) {
            c.forEach(o -> names.add(String.valueOf(o)));
        }
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        for (String n : names) {
            String t = n.strip();
            if (t.isEmpty()) {
                continue;
            }
            EventType.byName(t).ifPresentOrElse(types::add, () -> unknown.accept(t));
        }
        if (types.isEmpty() && names.stream().allMatch(String::isBlank)) {
            types.add(EventType.EVENT);
        }
        return types;
    }

    private final class Channel implements Runnable {
        private final EventListener listener;
        private final Set<EventType> types;
        private final String name;
        private final BlockingQueue<Event> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
        private final AtomicLong dropped = new AtomicLong();
        private final Thread thread;
        private volatile boolean closed;

        Channel(EventListener listener, Set<EventType> types, String name) {
            this.listener = listener;
            this.types = types;
            this.name = name;
            this.thread = new Thread(null, this, "jsupervisor-listener-" + name, 256 * 1024);
            this.thread.setDaemon(true);
        }

        boolean accepts(EventType type) {
            for (EventType t : types) {
                if (type.isA(t)) {
                    return true;
                }
            }
            return false;
        }

        void offer(Event e) {
            if (!queue.offer(e)) {
                long n = dropped.incrementAndGet();
                // 1, 10, 100, ...: enough to be seen, never a flood
                if (Long.toString(n).matches("10*")) {
                    warnings.accept("event listener " + name + " is not keeping up: " + n
                            + " event(s) dropped so far (queue of " + QUEUE_CAPACITY + " full)");
                }
            }
        }

        void close() {
            closed = true;
            thread.interrupt();
        }

        @Override
        public void run() {
            while (!closed) {
                Event e;
                try {
                    e = queue.poll(1, TimeUnit.HOURS);
                } catch (InterruptedException ie) {
                    return;
                }
                if (e == null || closed) {
                    continue;
                }
                try {
                    listener.onEvent(e);
                } catch (InterruptedException ie) {
                    return;
                } catch (Exception | LinkageError ex) {
                    warnings.accept("event listener " + name + " failed on " + e.type() + ": " + ex);
                }
            }
        }
    }
}
