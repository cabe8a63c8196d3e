package io.jsupervisor.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsupervisor.api.event.Event;
import io.jsupervisor.api.event.EventType;
import io.jsupervisor.api.process.ProcessState;
import io.jsupervisor.core.internal.event.EventBus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events end to end on a real engine: real listener processes speaking the protocol on their
 * stdin/stdout (src/test/resources/listeners/recording_listener.py), real programs, and in-JVM
 * listeners on the bus.
 */
class EventsTest {
    @TempDir
    Path dir;

    private static String listenerScript() throws Exception {
        return Path.of(EventsTest.class.getResource("/listeners/recording_listener.py").toURI()).toString();
    }

    /** One received event: the header's fields and the payload. */
    record Received(String eventname, long serial, long poolserial, String pool, String server, int len,
            String payload) {}

    private static final Pattern HEADER = Pattern.compile(
            "ver:3\\.0 server:(\\S+) serial:(\\d+) pool:(\\S+) poolserial:(\\d+) eventname:(\\S+) len:(\\d+)\n");

    private List<Received> received(Path record) throws Exception {
        List<Received> out = new ArrayList<>();
        if (!Files.exists(record)) {
            return out;
        }
        String text = Files.readString(record, StandardCharsets.UTF_8);
        Matcher m = HEADER.matcher(text);
        int at = 0;
        while (m.find(at)) {
            int len = Integer.parseInt(m.group(6));
            String payload = text.substring(m.end(), m.end() + len);
            out.add(new Received(m.group(5), Long.parseLong(m.group(2)), Long.parseLong(m.group(4)), m.group(3),
                    m.group(1), len, payload));
            at = m.end() + len;
        }
        return out;
    }

    private List<Received> awaitReceived(Path record, java.util.function.Predicate<List<Received>> done, String what)
            throws Exception {
        List<Received>[] last = new List[1];
        EngineFixture.await(() -> {
            try {
                last[0] = received(record);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return done.test(last[0]);
        }, 20, () -> what + "; received " + last[0]);
        return last[0];
    }

    private static String listener(String name, String events, String record, String mode, String extra)
            throws Exception {
        return "[eventlistener:" + name + "]\ncommand=/usr/bin/python3 -u " + listenerScript() + " " + record + " "
                + mode + "\nevents=" + events + "\nstartsecs=0\nautorestart=true\n" + extra + "\n";
    }

    @Test
    void processStateEventsReachAnExternalListenerWithTheReferenceHeaderAndPayload() throws Exception {
        Path record = dir.resolve("rec");
        String programs = listener("watcher", "PROCESS_STATE", record.toString(), "ok", "")
                + "[program:sleeper]\ncommand=sleep 1000\nstartsecs=0\nautostart=false\n";
        try (EngineFixture f = new EngineFixture(dir, programs)) {
            f.awaitState("watcher", ProcessState.RUNNING, 10);
            f.engine.startProcess("sleeper", true).toCompletableFuture().get(10, TimeUnit.SECONDS);
            int pid = f.info("sleeper").pid();
            f.engine.stopProcess("sleeper", true).toCompletableFuture().get(10, TimeUnit.SECONDS);
            List<Received> got = awaitReceived(record,
                    l -> l.stream().anyMatch(r -> r.eventname().equals("PROCESS_STATE_STOPPED")
                            && r.payload().startsWith("processname:sleeper")), "sleeper's STOPPED event");
            List<String> sleeper = got.stream().filter(r -> r.payload().startsWith("processname:sleeper"))
                    .map(r -> r.eventname() + " " + r.payload()).toList();
            assertEquals(List.of(
                    "PROCESS_STATE_STARTING processname:sleeper groupname:sleeper from_state:STOPPED tries:0",
                    "PROCESS_STATE_RUNNING processname:sleeper groupname:sleeper from_state:STARTING pid:" + pid,
                    "PROCESS_STATE_STOPPING processname:sleeper groupname:sleeper from_state:RUNNING pid:" + pid,
                    "PROCESS_STATE_STOPPED processname:sleeper groupname:sleeper from_state:STOPPING pid:" + pid),
                    sleeper);
            // the listener's own STARTING and RUNNING were buffered until it said READY
            assertEquals("PROCESS_STATE_STARTING", got.get(0).eventname());
            assertTrue(got.get(0).payload().startsWith("processname:watcher groupname:watcher"));
            for (int i = 0; i < got.size(); i++) {
                Received r = got.get(i);
                assertEquals("supervisor", r.server());
                assertEquals("watcher", r.pool());
                assertEquals(i, r.poolserial(), "pool serials count up from 0 without gaps");
                assertEquals(r.payload().length(), r.len());
                if (i > 0) {
                    assertTrue(r.serial() > got.get(i - 1).serial(), "serials increase");
                }
            }
        }
    }

    @Test
    void anEventRaisedByATimedTransitionIsSentWithoutWaitingForOtherActivity() throws Exception {
        // the pool's group comes first in the loop, the program becomes RUNNING later in the same
        // pass (its startsecs deadline), and then nothing else happens in the daemon
        Path record = dir.resolve("rec");
        String programs = listener("aaa", "PROCESS_STATE_RUNNING", record.toString(), "ok", "priority=1\n")
                + "[program:zzz]\ncommand=sleep 1000\nstartsecs=1\npriority=900\n";
        try (EngineFixture f = new EngineFixture(dir, programs)) {
            // watch files only: a call to the engine would wake its loop and hide the delay
            EngineFixture.await(() -> f.logText().contains("success: zzz"), 10, f::logText);
            long t0 = System.nanoTime();
            awaitReceived(record, l -> l.stream().anyMatch(r -> r.payload().startsWith("processname:zzz")),
                    "zzz's RUNNING event");
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1),
                    "the event waited " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        }
    }

    @Test
    void exitedCarriesExpectedAndBackoffCarriesTries() throws Exception {
        Path record = dir.resolve("rec");
        String programs = listener("watcher", "PROCESS_STATE_EXITED,PROCESS_STATE_BACKOFF,PROCESS_STATE_FATAL",
                record.toString(), "ok", "")
                + "[program:ends]\ncommand=sh -c 'sleep 0.3; exit 3'\nstartsecs=0\nautostart=false\nautorestart=false\n"
                + "exitcodes=0\n\n"
                + "[program:crash]\ncommand=sh -c 'exit 1'\nstartsecs=1\nstartretries=1\nautostart=false\n";
        try (EngineFixture f = new EngineFixture(dir, programs)) {
            f.awaitState("watcher", ProcessState.RUNNING, 10);
            f.engine.startProcess("ends", true).toCompletableFuture().get(10, TimeUnit.SECONDS);
            f.engine.startProcess("crash", false);
            List<Received> got = awaitReceived(record,
                    l -> l.stream().anyMatch(r -> r.eventname().equals("PROCESS_STATE_FATAL"))
                            && l.stream().anyMatch(r -> r.eventname().equals("PROCESS_STATE_EXITED")),
                    "EXITED and FATAL");
            List<String> names = got.stream().map(r -> r.eventname() + " " + r.payload().replaceAll("pid:\\d+", "pid:N"))
                    .toList();
            assertTrue(names.contains(
                    "PROCESS_STATE_EXITED processname:ends groupname:ends from_state:RUNNING expected:0 pid:N"), names.toString());
            assertTrue(names.contains(
                    "PROCESS_STATE_BACKOFF processname:crash groupname:crash from_state:STARTING tries:1"), names.toString());
            assertTrue(names.contains(
                    "PROCESS_STATE_BACKOFF processname:crash groupname:crash from_state:STARTING tries:2"), names.toString());
            assertTrue(names.contains(
                    "PROCESS_STATE_FATAL processname:crash groupname:crash from_state:BACKOFF"), names.toString());
            assertFalse(got.stream().anyMatch(r -> r.eventname().equals("PROCESS_STATE_RUNNING")), "not subscribed to RUNNING");
        }
    }

    @Test
    void aRejectedEventIsSentAgainWithTheSameSerial() throws Exception {
        Path record = dir.resolve("rec");
        String programs = listener("picky", "REMOTE_COMMUNICATION", record.toString(), "fail-first", "");
        try (EngineFixture f = new EngineFixture(dir, programs)) {
            f.awaitState("picky", ProcessState.RUNNING, 10);
            f.engine.sendRemoteCommEvent("greeting", "hello\nworld");
            List<Received> got = awaitReceived(record, l -> l.size() >= 2, "the event twice");
            assertEquals(got.get(0).serial(), got.get(1).serial());
            assertEquals(got.get(0).poolserial(), got.get(1).poolserial());
            assertEquals("type:greeting\nhello\nworld", got.get(1).payload());
            EngineFixture.await(() -> f.logText().contains("picky: event was rejected"), 5, f::logText);
        }
    }

    @Test
    void anEventHeldByAListenerThatDiesIsSentToItsSuccessor() throws Exception {
        Path record = dir.resolve("rec");
        String programs = listener("mortal", "REMOTE_COMMUNICATION", record.toString(), "die-busy", "");
        try (EngineFixture f = new EngineFixture(dir, programs)) {
            f.awaitState("mortal", ProcessState.RUNNING, 10);
            f.engine.sendRemoteCommEvent("x", "once");
            List<Received> got = awaitReceived(record, l -> l.size() >= 2, "the event again after the death");
            assertEquals(got.get(0).serial(), got.get(1).serial());
            assertEquals("type:x\nonce", got.get(1).payload());
            assertTrue(f.logText().contains("exited: mortal (exit status 3; not expected)"), f.logText());
        }
    }

    @Test
    void garbageAnswerPutsTheListenerInUnknownAndAFullBufferDropsTheOldest() throws Exception {
        Path rec1 = dir.resolve("rec1");
        Path rec2 = dir.resolve("rec2");
        String programs = listener("babbler", "REMOTE_COMMUNICATION", rec1.toString(), "garbage", "")
                + listener("mute", "REMOTE_COMMUNICATION", rec2.toString(), "never-ready", "buffer_size=2\n");
        try (EngineFixture f = new EngineFixture(dir, programs)) {
            f.awaitState("babbler", ProcessState.RUNNING, 10);
            f.awaitState("mute", ProcessState.RUNNING, 10);
            for (int i = 0; i < 4; i++) {
                f.engine.sendRemoteCommEvent("n", Integer.toString(i));
            }
            EngineFixture.await(() -> f.logText().contains("babbler: bad result line: 'NONSENSE'")
                    && f.logText().contains("babbler: has entered the UNKNOWN state"), 10, f::logText);
            EngineFixture.await(() -> f.logText().contains("pool mute event buffer overflowed, discarding event"), 10,
                    f::logText);
            Thread.sleep(300);
            // UNKNOWN: the babbler got its first event and nothing after it
            assertEquals(1, received(rec1).size());
            assertEquals(0, received(rec2).size());
        }
    }

    @Test
    void captureModeAndLogEvents() throws Exception {
        Path record = dir.resolve("rec");
        String programs = listener("watcher", "PROCESS_COMMUNICATION,PROCESS_LOG_STDERR", record.toString(), "ok", "")
                + "[program:talker]\ncommand=sh -c 'sleep 1; printf \"before <!--XSUPERVISOR:BEGIN-->secret"
                + " data<!--XSUPERVISOR:END--> after\\n\"; echo oops >&2; exec sleep 1000'\n"
                + "startsecs=0\nstdout_capture_maxbytes=1MB\nstderr_events_enabled=true\n"
                + "stdout_logfile=%(here)s/talker.out\n";
        try (EngineFixture f = new EngineFixture(dir, programs)) {
            List<Received> got = awaitReceived(record,
                    l -> l.stream().anyMatch(r -> r.eventname().equals("PROCESS_COMMUNICATION_STDOUT"))
                            && l.stream().anyMatch(r -> r.eventname().equals("PROCESS_LOG_STDERR")),
                    "a comm event and a log event");
            int pid = f.info("talker").pid();
            Received comm = got.stream().filter(r -> r.eventname().equals("PROCESS_COMMUNICATION_STDOUT"))
                    .findFirst().orElseThrow();
            assertEquals("processname:talker groupname:talker pid:" + pid + "\nsecret data", comm.payload());
            Received log = got.stream().filter(r -> r.eventname().equals("PROCESS_LOG_STDERR")).findFirst()
                    .orElseThrow();
            assertEquals("processname:talker groupname:talker pid:" + pid + " channel:stderr\noops\n", log.payload());
            EngineFixture.await(() -> {
                try {
                    return Files.readString(dir.resolve("talker.out")).equals("before  after\n");
                } catch (Exception e) {
                    return false;
                }
            }, 5, () -> "talker.out holds only what was outside the capture");
        }
    }

    @Test
    void inJvmListenersGetEventsAndASlowOrThrowingOneDelaysNothing() throws Exception {
        EventBus bus = new EventBus();
        List<Event> seen = new CopyOnWriteArrayList<>();
        List<String> warnings = new CopyOnWriteArrayList<>();
        bus.setWarnings(warnings::add);
        bus.addListener(e -> Thread.sleep(60_000), Set.of(EventType.EVENT), "sleepy");
        bus.addListener(e -> {
            throw new IllegalStateException("boom");
        }, Set.of(EventType.PROCESS_STATE), "thrower");
        bus.addListener(seen::add, Set.of(EventType.PROCESS_STATE_RUNNING, EventType.PROCESS_GROUP,
                EventType.SUPERVISOR_STATE_CHANGE), "good");
        String programs = "[program:a]\ncommand=sleep 1000\nstartsecs=0\nautostart=false\n";
        try (EngineFixture f = new EngineFixture(dir, programs, "debug", bus)) {
            for (int i = 0; i < 5; i++) {
                long t0 = System.nanoTime();
                f.engine.startProcess("a", true).toCompletableFuture().get(10, TimeUnit.SECONDS);
                f.engine.stopProcess("a", true).toCompletableFuture().get(10, TimeUnit.SECONDS);
                assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(3), "a start/stop took too long");
            }
            EngineFixture.await(() -> seen.stream().filter(e -> e.type() == EventType.PROCESS_STATE_RUNNING).count() == 5,
                    5, seen::toString);
            assertEquals(EventType.PROCESS_GROUP_ADDED, seen.get(0).type());
            assertEquals("groupname:a\n", seen.get(0).payload());
            assertEquals(EventType.SUPERVISOR_STATE_CHANGE_RUNNING, seen.get(1).type());
            assertEquals("a", seen.get(2).processName());
            EngineFixture.await(() -> warnings.stream().anyMatch(
                    w -> w.startsWith("event listener thrower failed on PROCESS_STATE_STARTING")), 5, warnings::toString);
        } finally {
            bus.close();
        }
    }
}
