package io.jsupervisor.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jsupervisor.api.event.Event;
import io.jsupervisor.api.event.EventType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTallyTest {
    private static Event state(EventType type, String from, long at) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("processname", "web");
        f.put("groupname", "g");
        f.put("from_state", from);
        return new Event(type, at, f, "");
    }

    @Test
    void startsRestartsAndBackoffTimeFollowTheStateChanges() {
        EventTally t = new EventTally();
        t.onEvent(state(EventType.PROCESS_STATE_STARTING, "STOPPED", 1_000));
        t.onEvent(state(EventType.PROCESS_STATE_BACKOFF, "STARTING", 2_000));
        t.onEvent(state(EventType.PROCESS_STATE_STARTING, "BACKOFF", 3_500));
        t.onEvent(state(EventType.PROCESS_STATE_RUNNING, "STARTING", 4_000));
        t.onEvent(state(EventType.PROCESS_STATE_EXITED, "RUNNING", 5_000));
        t.onEvent(state(EventType.PROCESS_STATE_STARTING, "EXITED", 5_100));
        t.onEvent(state(EventType.PROCESS_STATE_BACKOFF, "STARTING", 6_000));
        t.onEvent(new Event(EventType.TICK_5, 6_000, Map.of("when", "6"), ""));

        ProcessHistory.Counts c = t.counts("g", "web", 6_250);
        assertEquals(3, c.starts());
        assertEquals(2, c.restarts(), "from BACKOFF and from EXITED");
        assertEquals(1.75, c.backoffSeconds(), 1e-9, "1.5 s done and 0.25 s still under way");
        assertEquals(3, t.count(EventType.PROCESS_STATE_STARTING));
        assertEquals(1, t.count(EventType.TICK_5));
        assertEquals(ProcessHistory.Counts.NONE, t.counts("g", "other", 6_250));
    }
}
