package io.jsupervisor.core.internal.engine;

import io.jsupervisor.api.event.Event;
import io.jsupervisor.api.event.EventType;
import io.jsupervisor.api.process.ProcessState;
import io.jsupervisor.pycompat.PyRepr;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every event the engine raises, built here and nowhere else: the header tokens and the body of
 * each type as the reference's events module serialises them.
 */
final class EventPayloads {
    private EventPayloads() {}

    /**
     * PROCESS_STATE_*: the reference's tokens, with tries, expected and pid where it adds them.
     * @param tries the backoff count so far
     * @param expected whether the last exit was one of exitcodes (EXITED only)
     */
    static Event processState(String name, String group, ProcessState from, ProcessState to, int tries,
            boolean expected, int pid) {
        Map<String, String> f = processTokens(name, group);
        f.put("from_state", from.name());
        switch (to) {
            case STARTING:
            case BACKOFF:
                f.put("tries", Integer.toString(tries));
                break;
            case EXITED:
                f.put("expected", expected ? "1" : "0");
                f.put("pid", Integer.toString(pid));
                break;
            case RUNNING:
            case STOPPING:
            case STOPPED:
                f.put("pid", Integer.toString(pid));
                break;
            default:
                break;
        }
        return new Event(EventType.valueOf("PROCESS_STATE_" + to.name()), System.currentTimeMillis(), f, "");
    }

    /** PROCESS_READY / PROCESS_NOT_READY (jsupervisor's own): the process and its child's pid. */
    static Event processReadiness(String name, String group, int pid, EventType type) {
        Map<String, String> f = processTokens(name, group);
        f.put("pid", Integer.toString(pid));
        return new Event(type, System.currentTimeMillis(), f, "");
    }

    /** PROCESS_LOG_STDOUT/STDERR: a piece of a child's output. */
    static Event processLog(String name, String group, int pid, boolean stderr, byte[] data) {
        Map<String, String> f = processTokens(name, group);
        f.put("pid", Integer.toString(pid));
        f.put("channel", stderr ? "stderr" : "stdout");
        EventType type = stderr ? EventType.PROCESS_LOG_STDERR : EventType.PROCESS_LOG_STDOUT;
        return new Event(type, System.currentTimeMillis(), f, PyRepr.decodeOrRepr(data));
    }

    /** PROCESS_COMMUNICATION_STDOUT/STDERR: what a child wrote between the capture tokens. */
    static Event processCommunication(String name, String group, int pid, boolean stderr, byte[] data) {
        Map<String, String> f = processTokens(name, group);
        f.put("pid", Integer.toString(pid));
        EventType type = stderr ? EventType.PROCESS_COMMUNICATION_STDERR : EventType.PROCESS_COMMUNICATION_STDOUT;
        return new Event(type, System.currentTimeMillis(), f, PyRepr.decodeOrRepr(data));
    }

    /** PROCESS_GROUP_ADDED/REMOVED. */
    static Event group(EventType type, String group) {
        return new Event(type, System.currentTimeMillis(), Map.of("groupname", group), "");
    }

    /** SUPERVISOR_STATE_CHANGE_RUNNING/STOPPING: no tokens. */
    static Event supervisorState(EventType type) {
        return new Event(type, System.currentTimeMillis(), Map.of(), "");
    }

    /** TICK_5/60/3600 for the time slice starting at {@code slice} (epoch seconds). */
    static Event tick(int period, long slice, long nowSeconds) {
        return new Event(EventType.valueOf("TICK_" + period), nowSeconds * 1000, Map.of("when", Long.toString(slice)),
                "");
    }

    /** REMOTE_COMMUNICATION from sendRemoteCommEvent. */
    static Event remoteCommunication(String type, String data) {
        return new Event(EventType.REMOTE_COMMUNICATION, System.currentTimeMillis(), Map.of("type", type), data);
    }

    private static Map<String, String> processTokens(String name, String group) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("processname", name);
        f.put("groupname", group);
        return f;
    }
}
