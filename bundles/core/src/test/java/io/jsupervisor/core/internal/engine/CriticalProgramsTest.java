package io.jsupervisor.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsupervisor.api.process.ProcessState;
import io.jsupervisor.api.process.SupervisorState;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code critical = true}: a program whose failure ends the daemon, with real children. */
class CriticalProgramsTest {
    @TempDir
    Path dir;

    private static final String BYSTANDER = "[program:bystander]\ncommand=sleep 1000\nstartsecs=0\n";

    @Test
    void anUnexpectedExitShutsTheDaemonDownWithTheProgramsStatus() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "[program:api]\ncommand=sh -c \"sleep 0.5; exit 5\"\n"
                + "startsecs=0\nautorestart=true\ncritical=true\ncritical_exit_status=4\n" + BYSTANDER, "info")) {
            SupervisorState end = f.engine.termination().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertEquals(SupervisorState.SHUTDOWN, end);
            assertEquals(4, f.engine.exitStatus());
            String log = f.logText();
            assertTrue(log.contains("CRIT critical program api exited unexpectedly: shutting down with exit status 4"),
                    log);
            assertTrue(log.contains("stopped: bystander (terminated by SIGTERM)"), log);
            assertEquals(log.indexOf("spawned: 'api'"), log.lastIndexOf("spawned: 'api'"),
                    "api was restarted on the way down:\n" + log);
        }
    }

    @Test
    void goingFatalShutsTheDaemonDownWithStatusOne() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "[program:api]\ncommand=" + dir.resolve("missing")
                + "\nstartretries=0\ncritical=true\n" + BYSTANDER, "info")) {
            EngineFixture.await(() -> f.engine.termination().toCompletableFuture().isDone(), 20, f::logText);
            f.engine.termination().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertEquals(1, f.engine.exitStatus());
            assertTrue(f.logText().contains("critical program api is FATAL: shutting down with exit status 1"),
                    f.logText());
        }
    }

    @Test
    void anExpectedExitAndAnotherProgramsCrashLeaveTheDaemonRunning() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "[program:api]\ncommand=sh -c \"exit 0\"\nstartsecs=0\n"
                + "autorestart=false\ncritical=true\n"
                + "[program:flaky]\ncommand=sh -c \"exit 3\"\nstartsecs=0\nautorestart=false\n" + BYSTANDER, "info")) {
            f.awaitState("api", ProcessState.EXITED, 10);
            f.awaitState("flaky", ProcessState.EXITED, 10);
            Thread.sleep(500);
            assertFalse(f.engine.termination().toCompletableFuture().isDone(), f.logText());
            assertEquals(ProcessState.RUNNING, f.info("bystander").state());
            f.shutdown();
            assertEquals(0, f.engine.exitStatus());
            assertFalse(f.logText().contains("critical program"), f.logText());
        }
    }
}
