package io.jsupervisor.core.internal.engine;

import static io.jsupervisor.api.process.ProcessState.EXITED;
import static io.jsupervisor.api.process.ProcessState.RUNNING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsupervisor.api.process.EngineStatistics;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ProcessManager.statistics()} on real children and a real listener that never reads. */
class EngineStatisticsTest {
    @TempDir
    Path dir;

    @Test
    void outputBytesAndAListenerPoolsOfferedAndDroppedEvents() throws Exception {
        // deaf never says READY: every event it subscribes to waits in its buffer of 2
        String programs = "[program:talker]\ncommand=sh -c \"printf 'hello\\\\n'; printf 'oops' >&2\"\n"
                + "startsecs=0\nautorestart=false\n"
                + "[program:quiet]\ncommand=sh -c \"exit 0\"\nstartsecs=0\nautorestart=false\nstdout_logfile=NONE\n"
                + "[eventlistener:deaf]\ncommand=sleep 1000\nevents=PROCESS_STATE\nbuffer_size=2\n";
        try (EngineFixture f = new EngineFixture(dir, programs, "info")) {
            f.awaitState("talker", EXITED, 10);
            f.awaitState("quiet", EXITED, 10);
            f.awaitState("deaf", RUNNING, 10);
            f.engine.awaitOutput("talker", 5000);
            // a restart of quiet raises three more state events (STARTING, RUNNING, EXITED)
            f.engine.startProcess("quiet", true).toCompletableFuture().get(10, TimeUnit.SECONDS);
            f.awaitState("quiet", EXITED, 10);
            EngineStatistics s = f.engine.statistics();
            EngineStatistics.ProcessOutput talker = s.output().stream().filter(o -> o.name().equals("talker"))
                    .findFirst().orElseThrow();
            assertEquals(new EngineStatistics.ProcessOutput("talker", "talker", 6, 4), talker);
            assertEquals(3, s.output().size());
            assertEquals(1, s.pools().size());
            EngineStatistics.PoolEvents deaf = s.pools().get(0);
            assertEquals("deaf", deaf.pool());
            assertEquals(2, deaf.buffered());
            assertTrue(deaf.offered() >= 9, deaf.toString());
            assertEquals(deaf.offered() - 2, deaf.dropped(), deaf.toString());
            assertEquals(0, s.logHandlerQueue());
            assertEquals(0, s.logHandlerDropped());
        }
    }
}
