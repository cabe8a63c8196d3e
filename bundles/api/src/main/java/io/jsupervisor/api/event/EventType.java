package io.jsupervisor.api.event;

import java.util.Optional;

/**
 * The reference's event types with their hierarchy: a listener subscribed to a type receives
 * that type and every type below it ({@code PROCESS_STATE} receives each
 * {@code PROCESS_STATE_*}; {@code EVENT} receives everything). Abstract types are never sent
 * themselves; the names are the ones in the protocol's {@code eventname:} header.
 */
public enum EventType {
    EVENT(null, true, false),
    PROCESS_STATE(EVENT, true, false),
    PROCESS_STATE_STOPPED(PROCESS_STATE, false, false),
    PROCESS_STATE_EXITED(PROCESS_STATE, false, false),
    PROCESS_STATE_STARTING(PROCESS_STATE, false, false),
    PROCESS_STATE_STOPPING(PROCESS_STATE, false, false),
    PROCESS_STATE_BACKOFF(PROCESS_STATE, false, false),
    PROCESS_STATE_FATAL(PROCESS_STATE, false, false),
    PROCESS_STATE_RUNNING(PROCESS_STATE, false, false),
    PROCESS_STATE_UNKNOWN(PROCESS_STATE, false, false),
    PROCESS_COMMUNICATION(EVENT, true, true),
    PROCESS_COMMUNICATION_STDOUT(PROCESS_COMMUNICATION, false, true),
    PROCESS_COMMUNICATION_STDERR(PROCESS_COMMUNICATION, false, true),
    PROCESS_LOG(EVENT, true, true),
    PROCESS_LOG_STDOUT(PROCESS_LOG, false, true),
    PROCESS_LOG_STDERR(PROCESS_LOG, false, true),
    REMOTE_COMMUNICATION(EVENT, false, true),
    SUPERVISOR_STATE_CHANGE(EVENT, true, false),
    SUPERVISOR_STATE_CHANGE_RUNNING(SUPERVISOR_STATE_CHANGE, false, false),
    SUPERVISOR_STATE_CHANGE_STOPPING(SUPERVISOR_STATE_CHANGE, false, false),
    TICK(EVENT, true, false),
    TICK_5(TICK, false, false),
    TICK_60(TICK, false, false),
    TICK_3600(TICK, false, false),
    PROCESS_GROUP(EVENT, true, true),
    PROCESS_GROUP_ADDED(PROCESS_GROUP, false, true),
    PROCESS_GROUP_REMOVED(PROCESS_GROUP, false, true),
    /**
     * jsupervisor's own (the reference has none): a process with {@code depends_on} or
     * {@code ready_check} became ready or stopped being ready. Only such processes raise them,
     * so a config without the options sees the reference's events and nothing more.
     */
    PROCESS_READINESS(EVENT, true, false),
    PROCESS_READY(PROCESS_READINESS, false, false),
    PROCESS_NOT_READY(PROCESS_READINESS, false, false);

    private final EventType parent;
    private final boolean isAbstract;
    private final boolean hasBody;

    EventType(EventType parent, boolean isAbstract, boolean hasBody) {
        this.parent = parent;
        this.isAbstract = isAbstract;
        this.hasBody = hasBody;
    }

    /** The type one level up, or null for {@link #EVENT}. */
    public EventType parent() {
        return parent;
    }

    /** True for the grouping types ({@code PROCESS_STATE}, {@code TICK}, ...) never sent themselves. */
    public boolean isAbstract() {
        return isAbstract;
    }

    /**
     * Whether the payload has a body after its header line ({@code PROCESS_LOG_*},
     * {@code PROCESS_COMMUNICATION_*}, {@code REMOTE_COMMUNICATION}, {@code PROCESS_GROUP_*}).
     */
    public boolean hasBody() {
        return hasBody;
    }

    /** Whether a subscription to {@code type} receives events of this type. */
    public boolean isA(EventType type) {
        for (EventType t = this; t != null; t = t.parent) {
            if (t == type) {
                return true;
            }
        }
        return false;
    }

    /** The type for a protocol name such as {@code PROCESS_STATE_RUNNING}. */
    public static Optional<EventType> byName(String name) {
        for (EventType t : values()) {
            if (t.name().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
