package io.jsupervisor.core.internal.engine;

import io.jsupervisor.api.event.Event;
import java.util.HashMap;
import java.util.Map;

/**
 * An event on its way to the external listener pools: the global serial is taken when the first
 * pool accepts it (events nobody subscribes to take none, as in the reference) and each pool
 * numbers it once; a rejected event keeps both when it is buffered again.
 */
final class Delivery {
    final Event event;
    long serial = -1;
    final Map<String, Long> poolSerials = new HashMap<>(2);

    Delivery(Event event) {
        this.event = event;
    }
}
