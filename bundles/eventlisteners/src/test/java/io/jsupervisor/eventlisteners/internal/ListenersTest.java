package io.jsupervisor.eventlisteners.internal;

import static io.jsupervisor.eventlisteners.internal.FakeControl.process;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsupervisor.api.config.ExtensionSection;
import io.jsupervisor.api.event.Event;
import io.jsupervisor.api.event.EventType;
import io.jsupervisor.api.process.ProcessState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListenersTest {
    private final FakeControl control = new FakeControl();

    private static ExtensionSection section(String name, String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return new ExtensionSection("jsupervisor.listener:" + name, m);
    }

    private Listener create(String... kv) {
        return Listeners.create(section("x", kv), control);
    }

    private String error(String... kv) {
        return assertThrows(IllegalArgumentException.class, () -> create(kv)).getMessage();
    }

    private static Event state(EventType t, String group, String name, String... extra) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("processname", name);
        f.put("groupname", group);
        f.put("from_state", "STARTING");
        for (int i = 0; i < extra.length; i += 2) {
            f.put(extra[i], extra[i + 1]);
        }
        return new Event(t, 1000, f, "");
    }

    @Test
    void byteSizesReadLikeTheReference() {
        assertEquals(200L * 1024 * 1024, Options.byteSize("rss", "200MB"));
        assertEquals(200L * 1024 * 1024, Options.byteSize("rss", "200mb"));
        assertEquals(3L * 1024, Options.byteSize("rss", "3KB"));
        assertEquals(2L * 1024 * 1024 * 1024, Options.byteSize("rss", "2GB"));
        assertEquals(12345, Options.byteSize("rss", "12345"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Options.byteSize("rss", "12XB"))
                .getMessage().contains("rss = 12XB is not a byte size"));
        assertThrows(IllegalArgumentException.class, () -> Options.byteSize("rss", "MB"));
        assertThrows(IllegalArgumentException.class, () -> Options.byteSize("rss", "0"));
        assertThrows(IllegalArgumentException.class, () -> Options.byteSize("rss", "1.5MB"));
    }

    @Test
    void programsMatchNamesGroupsAndWildcards() {
        Programs p = Programs.parse("web, worker:*, batch:job_1");
        assertTrue(p.matches("web", "web"));
        assertTrue(p.matches("web", "web_00")); // a numprocs program's group
        assertTrue(p.matches("other", "web"));
        assertTrue(p.matches("worker", "w1"));
        assertTrue(p.matches("batch", "job_1"));
        assertFalse(p.matches("batch", "job_2"));
        assertFalse(p.matches("db", "db"));
        assertTrue(Programs.parse("*").matches("any", "thing"));
        assertThrows(IllegalArgumentException.class, () -> Programs.parse(" , "));
        assertThrows(IllegalArgumentException.class, () -> Programs.parse("we*b"));
        assertThrows(IllegalArgumentException.class, () -> Programs.parse("a:b:c"));
    }

    @Test
    void badSectionsSaySo() {
        assertTrue(error().contains("missing option type"));
        assertTrue(error("type", "memmon").contains("unknown type 'memmon'"));
        assertTrue(error("type", "fatal-exit").contains("missing option programs"));
        assertTrue(error("type", "fatal-exit", "programs", "a", "on", "crash").contains("on = crash"));
        assertTrue(error("type", "fatal-exit", "programs", "a", "exit_status", "300").contains("exit_status = 300"));
        assertTrue(error("type", "fatal-exit", "programs", "a", "exitstatus", "3").contains("unknown option(s) exitstatus"));
        assertTrue(error("type", "memory-limit", "programs", "a", "rss", "lots").contains("rss = lots is not a byte size"));
        assertTrue(error("type", "memory-limit", "programs", "a", "rss", "1MB", "cumulative", "maybe")
                .contains("cumulative = maybe"));
        assertTrue(error("type", "http-check", "programs", "a").contains("missing option url"));
        assertTrue(error("type", "http-check", "programs", "a", "url", "ftp://x/").contains("not an http://"));
        assertTrue(error("type", "http-check", "programs", "a", "url", "http://x/", "status", "OK").contains("status = OK"));
        assertTrue(error("type", "http-check", "programs", "a", "url", "http://x/", "interval", "0").contains("interval = 0"));
        assertTrue(error("type", "alert-exec").contains("missing option command"));
        assertTrue(error("type", "alert-exec", "command", "true", "events", "PROCESS_STATE_FATAL,NOPE")
                .contains("unknown event type NOPE"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Listeners.create(new ExtensionSection("jsupervisor.listener", Map.of("type", "fatal-exit")), control))
                .getMessage().contains("needs a name"));
    }

    @Test
    void fatalExitShutsDownOnceForAListedProgram() {
        FatalExit l = assertInstanceOf(FatalExit.class, create("type", "fatal-exit", "programs", "web", "exit_status", "3"));
        assertEquals(Set.of(EventType.PROCESS_STATE_FATAL), l.types());
        l.onEvent(state(EventType.PROCESS_STATE_FATAL, "db", "db"));
        assertEquals(List.of(), control.shutdowns);
        l.onEvent(state(EventType.PROCESS_STATE_FATAL, "web", "web"));
        l.onEvent(state(EventType.PROCESS_STATE_FATAL, "web", "web"));
        assertEquals(List.of(3), control.shutdowns);
        assertEquals(List.of("CRIT jsupervisor.listener:x: web is FATAL: shutting the daemon down with exit status 3"),
                control.log);
    }

    @Test
    void fatalExitOnUnexpectedExit() {
        FatalExit l = assertInstanceOf(FatalExit.class,
                create("type", "fatal-exit", "programs", "*", "on", "fatal,unexpected-exit"));
        assertEquals(Set.of(EventType.PROCESS_STATE_FATAL, EventType.PROCESS_STATE_EXITED), l.types());
        assertNull(l.reason(state(EventType.PROCESS_STATE_EXITED, "g", "p", "expected", "1", "pid", "9")));
        assertEquals("g:p exited unexpectedly (pid 9)",
                l.reason(state(EventType.PROCESS_STATE_EXITED, "g", "p", "expected", "0", "pid", "9")));
        l.onEvent(state(EventType.PROCESS_STATE_EXITED, "g", "p", "expected", "0", "pid", "9"));
        assertEquals(List.of(1), control.shutdowns);
        // by default only FATAL
        FatalExit d = assertInstanceOf(FatalExit.class, create("type", "fatal-exit", "programs", "*"));
        assertNull(d.reason(state(EventType.PROCESS_STATE_EXITED, "g", "p", "expected", "0", "pid", "9")));
    }

    @Test
    void memoryLimitReadsProcAndRestartsOnlyWhatIsOver() throws Exception {
        assertEquals(12345, MemoryLimit.vmRssKb("Name:\tx\nVmPeak:\t 99 kB\nVmRSS:\t   12345 kB\nVmData: 1 kB\n"));
        assertEquals(-1, MemoryLimit.vmRssKb("Name:\tzombie\nState:\tZ\n"));
        assertEquals(300, MemoryLimit.statmRssPages("1000 300 20 1 0 50 0\n"));
        long self = MemoryLimit.rss(ProcessHandle.current().pid());
        assertTrue(self > 1024 * 1024, "this JVM's RSS: " + self);
        assertTrue(MemoryLimit.cumulativeRss(ProcessHandle.current().pid()) >= self);
        assertEquals(-1, MemoryLimit.rss(Integer.MAX_VALUE));

        int me = (int) ProcessHandle.current().pid();
        MemoryLimit l = assertInstanceOf(MemoryLimit.class, create("type", "memory-limit", "programs", "big,other:*", "rss", "1MB"));
        assertEquals(Set.of(EventType.TICK_5), l.types());
        control.processes.add(process("big", "big", ProcessState.RUNNING, me));
        control.processes.add(process("other", "o1", ProcessState.STARTING, me));
        control.processes.add(process("small", "small", ProcessState.RUNNING, me));
        control.restartResult = new CompletableFuture<>(); // still restarting at the next check
        l.check();
        l.check();
        assertEquals(List.of("big"), control.restarted);
        assertTrue(control.log.get(0).startsWith("WARN jsupervisor.listener:x: big (pid " + me + ") uses "), control.log.toString());
        assertTrue(control.log.get(0).endsWith(", over its limit of 1.0 MB: restarting it"), control.log.toString());
        control.restartResult.complete(true);
        l.check();
        assertEquals(List.of("big", "big"), control.restarted);

        MemoryLimit high = assertInstanceOf(MemoryLimit.class, create("type", "memory-limit", "programs", "*", "rss", "100GB",
                "interval", "1"));
        assertEquals(Set.of(), high.types(), "with interval it runs on its own timer");
        control.restarted.clear();
        high.check();
        assertEquals(List.of(), control.restarted);
    }

    @Test
    void httpCheckJudgesAndCountsFailuresInARow() throws Exception {
        HttpCheck l = assertInstanceOf(HttpCheck.class, create("type", "http-check", "programs", "web",
                "url", "http://127.0.0.1:1/health", "status", "200,204", "expect", "ok", "failures", "2", "timeout", "1"));
        assertEquals(Set.of(EventType.TICK_60), l.types());
        assertNull(l.judge(200, "all ok"));
        assertNull(l.judge(204, "ok"));
        assertEquals("status 500, expected [200, 204]", l.judge(500, "ok"));
        assertEquals("status 200 but the body does not contain 'ok'", l.judge(200, "bad"));

        // nothing RUNNING: no probe, no count
        control.processes.add(process("web", "web", ProcessState.STOPPED, 0));
        l.check();
        l.check();
        assertEquals(List.of(), control.log);
        control.processes.set(0, process("web", "web", ProcessState.RUNNING, 42));
        l.check(); // port 1: connection refused
        assertEquals(1, control.log.size(), control.log.toString());
        assertTrue(control.log.get(0).startsWith("WARN jsupervisor.listener:x: GET http://127.0.0.1:1/health failed (1 of 2): "),
                control.log.toString());
        assertEquals(List.of(), control.restarted);
        l.check();
        assertEquals(List.of("web"), control.restarted);
        assertTrue(control.log.get(1).startsWith("ERRO jsupervisor.listener:x: GET http://127.0.0.1:1/health failed (2 of 2): "));
        assertTrue(control.log.get(1).endsWith(": restarting web"), control.log.get(1));
    }

    @Test
    void alertExecRunsTheCommandWithTheEventInItsEnvironment(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("env");
        AlertExec l = assertInstanceOf(AlertExec.class, create("type", "alert-exec", "programs", "web",
                "events", "PROCESS_STATE", "command", "env | grep ^JSUPERVISOR_ | sort > " + out + "; exit 4"));
        assertEquals(Set.of(EventType.PROCESS_STATE), l.types());
        l.onEvent(state(EventType.PROCESS_STATE_EXITED, "db", "db", "expected", "0", "pid", "7"));
        assertFalse(Files.exists(out), "not a listed program");
        l.onEvent(state(EventType.PROCESS_STATE_EXITED, "web", "web", "expected", "0", "pid", "7"));
        assertEquals(List.of(
                "JSUPERVISOR_EVENT_NAME=PROCESS_STATE_EXITED",
                "JSUPERVISOR_EVENT_PAYLOAD=processname:web groupname:web from_state:STARTING expected:0 pid:7",
                "JSUPERVISOR_EVENT_TIME_MS=1000",
                "JSUPERVISOR_EXPECTED=0",
                "JSUPERVISOR_FROM_STATE=STARTING",
                "JSUPERVISOR_GROUP_NAME=web",
                "JSUPERVISOR_LISTENER=x",
                "JSUPERVISOR_PID=7",
                "JSUPERVISOR_PROCESS_NAME=web"), Files.readAllLines(out));
        assertEquals("WARN jsupervisor.listener:x: 'env | grep ^JSUPERVISOR_ | sort > " + out
                + "; exit 4' for PROCESS_STATE_EXITED exited with status 4", control.log.get(control.log.size() - 1));
        // with programs, events about no process are not for it
        assertFalse(l.wants(new Event(EventType.TICK_5, 1, Map.of("when", "5"), "")));
    }

    @Test
    void alertExecKillsACommandThatOverstays(@TempDir Path tmp) throws Exception {
        Path pidFile = tmp.resolve("pid");
        AlertExec l = assertInstanceOf(AlertExec.class, create("type", "alert-exec", "timeout", "0.5",
                "command", "sleep 30 & echo $! > " + pidFile + "; wait"));
        long t0 = System.nanoTime();
        l.onEvent(state(EventType.PROCESS_STATE_FATAL, "web", "web"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 5000, "took " + ms + " ms");
        assertTrue(control.log.get(control.log.size() - 1).endsWith("still running after 0.5 s: killed"), control.log.toString());
        long sleeper = Long.parseLong(Files.readString(pidFile).strip());
        Thread.sleep(200);
        assertFalse(running(sleeper), "the command's child was killed too");
    }

    /** Alive and not a zombie (an orphan's zombie waits for an init that may not reap it). */
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
