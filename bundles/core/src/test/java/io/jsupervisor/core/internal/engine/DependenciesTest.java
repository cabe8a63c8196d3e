package io.jsupervisor.core.internal.engine;

import static io.jsupervisor.api.process.ProcessState.FATAL;
import static io.jsupervisor.api.process.ProcessState.RUNNING;
import static io.jsupervisor.api.process.ProcessState.STOPPED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsupervisor.api.event.Event;
import io.jsupervisor.api.event.EventType;
import io.jsupervisor.api.process.Fault;
import io.jsupervisor.api.process.SupervisorException;
import io.jsupervisor.core.internal.event.EventBus;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code depends_on} and the ready checks on real children: what starts when, what stops in
 * which order, and what a process says while it is not ready.
 */
class DependenciesTest {
    @TempDir
    Path dir;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A program that opens {@code port} on loopback after {@code delay} seconds, then serves HTTP there. */
    private static String serverAfter(double delay, int port) {
        return "sh -c \"sleep " + delay + "; exec python3 -m http.server --bind 127.0.0.1 " + port + "\"";
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    private static void assertBefore(List<String> lines, String first, String second) {
        int a = indexOf(lines, first);
        int b = indexOf(lines, second);
        assertTrue(a >= 0 && b >= 0 && a < b, "'" + first + "' before '" + second + "' in\n" + String.join("\n", lines));
    }

    @Test
    void aChainStartsInOrderOfReadinessAndStopsDependentsFirst() throws Exception {
        int port = freePort();
        EventBus bus = new EventBus();
        List<Event> readiness = new CopyOnWriteArrayList<>();
        bus.addListener(readiness::add, Set.of(EventType.PROCESS_READINESS), "readiness");
        String programs = "[program:db]\ncommand=" + serverAfter(1.5, port) + "\nstartsecs=0\n"
                + "ready_check=tcp:127.0.0.1:" + port + "\nready_interval=0.1\n"
                + "[program:app]\ncommand=sleep 1000\nstartsecs=0\ndepends_on=db\n"
                + "[program:web]\ncommand=sleep 1000\nstartsecs=0\ndepends_on=app\n";
        try (EngineFixture f = new EngineFixture(dir, programs, "debug", bus)) {
            f.awaitState("web", RUNNING, 20);
            long dbRunning = f.transitions("db").stream().filter(t -> t.to() == RUNNING).findFirst().orElseThrow().nanos();
            long appStarting = f.transitions("app").get(0).nanos();
            // the port opens 1.5 s after db's spawn; app waited for it, not for RUNNING (at once)
            assertTrue(appStarting - dbRunning > TimeUnit.MILLISECONDS.toNanos(1200),
                    "app started " + (appStarting - dbRunning) / 1_000_000 + " ms after db was RUNNING");
            List<String> lines = f.logLines();
            assertBefore(lines, "not starting app yet: waiting for db to be ready", "ready: db (tcp:127.0.0.1:" + port + ")");
            assertBefore(lines, "ready: db", "spawned: 'app'");
            assertBefore(lines, "spawned: 'app'", "spawned: 'web'");
            EngineFixture.await(() -> readiness.size() >= 3, 5, readiness::toString);
            assertEquals(EventType.PROCESS_READY, readiness.get(0).type());
            assertEquals("db", readiness.get(0).processName());

            // a stop of db stops web, then app, then db
            f.engine.stopProcess("db", true).toCompletableFuture().get(30, TimeUnit.SECONDS);
            List<String> stops = f.logLines().stream().filter(l -> l.contains("stopped: ")).toList();
            assertEquals(3, stops.size(), stops.toString());
            assertTrue(stops.get(0).contains("stopped: web") && stops.get(1).contains("stopped: app")
                    && stops.get(2).contains("stopped: db"), stops.toString());
            EngineFixture.await(() -> readiness.stream().anyMatch(e -> e.type() == EventType.PROCESS_NOT_READY
                    && e.processName().equals("db")), 5, readiness::toString);
        } finally {
            bus.close();
        }
    }

    @Test
    void aStartOfADependentStartsItsDependenciesFirstAndWaitsForThem() throws Exception {
        int port = freePort();
        String programs = "[program:db]\ncommand=" + serverAfter(1, port) + "\nstartsecs=0\nautostart=false\n"
                + "ready_check=http://127.0.0.1:" + port + "/\nready_interval=0.1\n"
                + "[program:web]\ncommand=sleep 1000\nstartsecs=0\nautostart=false\ndepends_on=db\n";
        try (EngineFixture f = new EngineFixture(dir, programs)) {
            assertTrue(f.info("web").description().equals("Not started"), f.info("web").description());
            long t0 = System.nanoTime();
            assertTrue(f.engine.startProcess("web", true).toCompletableFuture().get(20, TimeUnit.SECONDS));
            assertTrue(System.nanoTime() - t0 > TimeUnit.MILLISECONDS.toNanos(900), "web waited for db's port");
            assertEquals(RUNNING, f.info("db").state());
            assertEquals(RUNNING, f.info("web").state());
            assertBefore(f.logLines(), "starting web once its dependencies are ready: db", "spawned: 'db'");
            assertBefore(f.logLines(), "ready: db (http://127.0.0.1:" + port + "/)", "spawned: 'web'");
        }
    }

    @Test
    void aFatalDependencyHoldsItsDependentsBackUntilItIsReady() throws Exception {
        Path go = dir.resolve("go");
        String programs = "[program:db]\ncommand=sh -c \"test -f " + go + " && exec sleep 1000; exit 1\"\n"
                + "startsecs=1\nstartretries=0\n"
                + "[program:web]\ncommand=sleep 1000\nstartsecs=0\ndepends_on=db\n";
        try (EngineFixture f = new EngineFixture(dir, programs)) {
            f.awaitState("db", FATAL, 10);
            EngineFixture.await(() -> f.logText().contains("not starting web: db is FATAL"), 5, f::logText);
            assertEquals(STOPPED, f.info("web").state());
            assertEquals("Not started, waiting for db", f.info("web").description());
            // a caller's start of web is refused while db cannot start
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> f.engine.startProcess("web", true).toCompletableFuture().get(20, TimeUnit.SECONDS));
            assertEquals(Fault.SPAWN_ERROR, ((SupervisorException) refused.getCause()).fault(), refused.toString());

            Files.writeString(go, "");
            f.engine.startProcess("db", true).toCompletableFuture().get(20, TimeUnit.SECONDS);
            f.awaitState("web", RUNNING, 10); // started by the pass, nobody asked
            assertEquals("", f.info("web").description().replaceAll("pid \\d+, uptime [0-9:]+", ""));
        }
    }

    @Test
    void logExecAndHttpChecksPassAndFail() throws Exception {
        int closed = freePort();
        String programs = "[program:logok]\ncommand=sh -c \"echo starting; sleep 0.3; echo 'listening on 8080'; exec sleep 1000\"\n"
                + "startsecs=0\nready_check=log:listening on \\d+\n"
                + "[program:lognever]\ncommand=sh -c \"echo starting; exec sleep 1000\"\nstartsecs=0\n"
                + "ready_check=log:listening\nready_timeout=1\n"
                + "[program:execok]\ncommand=sleep 1000\nstartsecs=0\nready_check=exec:test -d /\nready_interval=0.2\n"
                + "[program:execbad]\ncommand=sleep 1000\nstartsecs=0\nready_check=exec:exit 3\nready_interval=0.2\n"
                + "ready_timeout=1\n"
                + "[program:httpbad]\ncommand=sleep 1000\nstartsecs=0\nready_check=http://127.0.0.1:" + closed + "/\n"
                + "ready_interval=0.2\nready_timeout=1\n";
        try (EngineFixture f = new EngineFixture(dir, programs)) {
            EngineFixture.await(() -> f.logText().contains("ready: logok (log:listening on \\d+)")
                    && f.logText().contains("ready: execok (exec:test -d /)"), 10, f::logText);
            for (String name : List.of("lognever", "execbad", "httpbad")) {
                EngineFixture.await(() -> f.info(name).description().endsWith("not ready (ready check timed out)"), 10,
                        () -> name + ": " + f.info(name).description() + "\n" + f.logText());
                assertEquals(RUNNING, f.info(name).state(), "a process whose check timed out keeps running");
            }
            assertTrue(f.logText().contains("not ready: execbad (exec:exit 3 did not pass within 1 s: exit status 3)"),
                    f.logText());
            assertTrue(f.logText().contains("not ready: httpbad (http://127.0.0.1:" + closed + "/ did not pass within 1 s: "),
                    f.logText());
            assertFalse(f.info("logok").description().contains("not ready"), f.info("logok").description());
        }
    }

    @Test
    void aCheckThatFailsAfterReadinessMakesTheProcessNotReady() throws Exception {
        Path up = dir.resolve("up");
        Files.writeString(up, "");
        String programs = "[program:flaky]\ncommand=sleep 1000\nstartsecs=0\nready_check=exec:test -f " + up + "\n"
                + "ready_interval=0.1\n";
        try (EngineFixture f = new EngineFixture(dir, programs)) {
            EngineFixture.await(() -> f.logText().contains("ready: flaky"), 10, f::logText);
            Files.delete(up);
            EngineFixture.await(() -> f.info("flaky").description().endsWith(", not ready"), 10,
                    () -> f.info("flaky").description());
            assertTrue(f.logText().contains("not ready: flaky (exit status 1)"), f.logText());
            Files.writeString(up, "");
            EngineFixture.await(() -> !f.info("flaky").description().contains("not ready"), 10,
                    () -> f.info("flaky").description());
        }
    }
}
