package io.jsupervisor.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsupervisor.api.process.ProcessState;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's reaper takes only its own children: a process a bundle starts with the JDK's
 * ProcessBuilder keeps its exit status, while the engine's programs go on being reaped at once.
 */
class ReaperTest {
    @TempDir
    Path dir;

    @Test
    void childrenStartedThroughTheJdkKeepTheirExitStatus() throws Exception {
        String programs = "[program:quick]\ncommand=sh -c 'sleep 0.2; exit 3'\nstartsecs=0\nautorestart=true\n"
                + "exitcodes=0\n";
        try (EngineFixture f = new EngineFixture(dir, programs)) {
            f.awaitState("quick", ProcessState.RUNNING, 5);
            for (int i = 0; i < 20; i++) {
                int code = 10 + i;
                Process p = new ProcessBuilder("sh", "-c", "sleep 0.0" + (i % 5) + "; exit " + code).start();
                assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the JDK saw its child end");
                assertEquals(code, p.exitValue(), "the JDK's exit status of its own child");
            }
            // meanwhile the engine kept reaping its own restarting program with the right status
            EngineFixture.await(() -> f.logText().split("exited: quick \\(exit status 3; not expected\\)", -1).length > 3,
                    10, f::logText);
            assertTrue(!f.logText().contains("reaped unknown pid"), f.logText());
        }
    }
}
