package io.jsupervisor.api.event;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A listener inside the daemon. Register it as an OSGi service with the property
 * {@value #TYPES_PROPERTY}: the event type names it wants (a String, String[] or a
 * comma-separated String; subscribing to a type includes its subtypes; absent means
 * {@code EVENT}, everything).
 *
 * <p>Each listener has a thread and a bounded queue of its own, so a slow listener delays only
 * itself and one that throws loses only that event (logged). When its queue is full, new events
 * for it are dropped, counted and reported in the activity log. Events arrive in the order the
 * daemon raised them. A listener that wants to act (restart a process, shut the daemon down)
 * uses the {@link io.jsupervisor.api.process.ProcessManager} service.
 */
@ConsumerType
@FunctionalInterface
public interface EventListener {
    /** The service property naming the subscribed event types. */
    String TYPES_PROPERTY = "jsupervisor.event.types";

    void onEvent(Event event) throws Exception;
}
