package io.jsupervisor.restapi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsupervisor.api.event.Event;
import io.jsupervisor.api.event.EventType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class EventJournalTest {
    private static final Pattern ID = Pattern.compile("^id: (\\d+)\nevent: (\\S+)\n", Pattern.MULTILINE);

    /** A stream that keeps what it is sent, as (id, event) pairs. */
    private static class Recorder implements EventJournal.Sink {
        final List<String> frames = new ArrayList<>();
        boolean open = true;

        @Override
        public boolean send(String frame) {
            frames.add(frame);
            return open;
        }

        List<String> seen() {
            List<String> out = new ArrayList<>();
            for (String f : frames) {
                Matcher m = ID.matcher(f);
                if (m.find()) {
                    out.add(m.group(1) + " " + m.group(2));
                }
            }
            return out;
        }
    }

    private static Event state(String name, EventType type) {
        return new Event(type, 1_000_000L, Map.of("processname", name, "groupname", name), "");
    }

    @Test
    void aLiveStreamGetsEachNewEventOnceWithItsIdAndJson() {
        EventJournal j = new EventJournal(10);
        j.append(state("before", EventType.PROCESS_STATE_STARTING));
        Recorder r = new Recorder();
        j.subscribe(r, null, List.of());
        j.append(state("web", EventType.PROCESS_STATE_RUNNING));
        assertEquals(List.of("2 PROCESS_STATE_RUNNING"), r.seen());
        assertEquals("retry: 2000\n: connected, last id 1\n\n", r.frames.get(0), "the first frame");
        String frame = r.frames.get(1);
        assertTrue(frame.endsWith("\n\n"), frame);
        assertTrue(frame.contains("data: {\"id\":2,\"type\":\"PROCESS_STATE_RUNNING\",\"time\":1000.0,"
                + "\"fields\":{"), frame);
        assertTrue(frame.contains("\"processname\":\"web\""), frame);
    }

    @Test
    void aResumeReplaysWhatWasMissedThenGoesLive() {
        EventJournal j = new EventJournal(10);
        for (int i = 1; i <= 5; i++) {
            j.append(state("p" + i, EventType.PROCESS_STATE_RUNNING));
        }
        Recorder r = new Recorder();
        j.subscribe(r, "3", List.of());
        j.append(state("p6", EventType.PROCESS_STATE_EXITED));
        assertEquals(List.of("4 PROCESS_STATE_RUNNING", "5 PROCESS_STATE_RUNNING", "6 PROCESS_STATE_EXITED"), r.seen());
    }

    @Test
    void aResumeFromBeyondWhatIsHeldStartsWithAReset() {
        EventJournal j = new EventJournal(3);
        for (int i = 1; i <= 6; i++) {
            j.append(state("p" + i, EventType.PROCESS_STATE_RUNNING));
        }
        Recorder old = new Recorder();
        j.subscribe(old, "1", List.of()); // 2 and 3 are gone
        assertEquals(List.of("6 reset", "4 PROCESS_STATE_RUNNING", "5 PROCESS_STATE_RUNNING",
                "6 PROCESS_STATE_RUNNING"), old.seen());
        Recorder exact = new Recorder();
        j.subscribe(exact, "3", List.of()); // 4, 5, 6 are all held: no reset
        assertEquals(List.of("4 PROCESS_STATE_RUNNING", "5 PROCESS_STATE_RUNNING", "6 PROCESS_STATE_RUNNING"),
                exact.seen());
        Recorder future = new Recorder();
        j.subscribe(future, "99", List.of()); // an id of another run of the daemon
        assertEquals("6 reset", future.seen().get(0));
        Recorder garbage = new Recorder();
        j.subscribe(garbage, "x", List.of());
        assertEquals("6 reset", garbage.seen().get(0));
    }

    @Test
    void anEventRaisedOnceTheFirstFrameIsOutReachesTheStream() throws Exception {
        EventJournal j = new EventJournal(10);
        List<Thread> raisers = new ArrayList<>();
        // the moment the client sees its stream answer, another thread raises an event (as the
        // engine may while the client reads the state): the stream must get it
        Recorder r = new Recorder() {
            @Override
            public boolean send(String frame) {
                if (frames.isEmpty()) {
                    Thread t = new Thread(() -> j.append(state("web", EventType.PROCESS_STATE_EXITED)));
                    t.start();
                    raisers.add(t);
                    try {
                        t.join(300); // time for the event to slip in, were the stream not yet subscribed
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.send(frame);
            }
        };
        j.subscribe(r, null, List.of());
        raisers.get(0).join(5000);
        assertEquals(List.of("1 PROCESS_STATE_EXITED"), r.seen());
        assertTrue(r.frames.get(0).startsWith("retry: "), r.frames.get(0));
    }

    @Test
    void typesFilterIncludesSubtypes() {
        EventJournal j = new EventJournal(10);
        Recorder r = new Recorder();
        j.subscribe(r, null, List.of(EventType.PROCESS_STATE));
        j.append(new Event(EventType.TICK_5, 0, Map.of("when", "5"), ""));
        j.append(state("a", EventType.PROCESS_STATE_FATAL));
        assertEquals(List.of("2 PROCESS_STATE_FATAL"), r.seen());
    }

    @Test
    void aStreamThatRefusesAFrameIsDropped() {
        EventJournal j = new EventJournal(10);
        Recorder r = new Recorder();
        j.subscribe(r, null, List.of());
        assertEquals(1, j.streams());
        r.open = false;
        j.append(state("a", EventType.PROCESS_STATE_RUNNING));
        assertEquals(0, j.streams());
        j.append(state("b", EventType.PROCESS_STATE_RUNNING));
        assertEquals(2, r.frames.size(), "nothing more is sent to a dropped stream");
    }
}
