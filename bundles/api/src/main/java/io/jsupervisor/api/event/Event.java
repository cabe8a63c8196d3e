package io.jsupervisor.api.event;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One event, immutable. {@code fields} are the {@code key:value} tokens of the payload's first
 * line in the reference's order ({@code processname}, {@code groupname}, {@code from_state},
 * {@code pid}, ...); {@code body} is what follows that line for the types that have one (log
 * data, the captured text, a remote message), else empty.
 *
 * @param type the concrete type, never abstract
 * @param timeMillis when the daemon raised it, epoch milliseconds
 * @param fields the header tokens, in order
 * @param body the payload's body ({@link EventType#hasBody()}), or ""
 */
public record Event(EventType type, long timeMillis, Map<String, String> fields, String body) {
    public Event {
        if (type == null || type.isAbstract()) {
            throw new IllegalArgumentException("an event needs a concrete type, not " + type);
        }
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        body = body == null ? "" : body;
    }

    /** A header token, e.g. {@code field("processname")}; null when absent. */
    public String field(String key) {
        return fields.get(key);
    }

    /** The process name of a process event, or null. */
    public String processName() {
        return fields.get("processname");
    }

    /** The group name of a process or group event, or null. */
    public String groupName() {
        return fields.get("groupname");
    }

    /**
     * The payload exactly as an external listener receives it after the header line:
     * {@code processname:web groupname:web from_state:STARTING pid:4242}, or the token line,
     * a newline and the body for the types that have a body.
     */
    public String payload() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> f : fields.entrySet()) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(f.getKey()).append(':').append(f.getValue());
        }
        if (type.hasBody()) {
            sb.append('\n').append(body);
        }
        return sb.toString();
    }
}
