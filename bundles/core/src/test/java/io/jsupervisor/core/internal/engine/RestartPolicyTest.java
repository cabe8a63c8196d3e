package io.jsupervisor.core.internal.engine;

import static io.jsupervisor.api.process.ProcessState.BACKOFF;
import static io.jsupervisor.api.process.ProcessState.EXITED;
import static io.jsupervisor.api.process.ProcessState.FATAL;
import static io.jsupervisor.api.process.ProcessState.STARTING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsupervisor.api.process.ProcessState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jsupervisor's restart options on real children: the pauses between an exit and the next
 * start follow the configured series (measured from the engine's own state changes), and the
 * autorestart count starts again after a long enough run.
 */
class RestartPolicyTest {
    /** How far a measured pause may be from the configured one. */
    private static final long TOLERANCE_MILLIS = 50;

    @TempDir
    Path dir;

    /** The pauses from each {@code from} state to the next STARTING, in ms, in order. */
    private static List<Long> pauses(List<EngineFixture.Transition> transitions, ProcessState from) {
        List<Long> out = new ArrayList<>();
        long since = -1;
        for (EngineFixture.Transition t : transitions) {
            if (t.to() == from) {
                since = t.nanos();
            } else if (t.to() == STARTING && since >= 0) {
                out.add(TimeUnit.NANOSECONDS.toMillis(t.nanos() - since));
                since = -1;
            }
        }
        return out;
    }

    private static void assertSeries(List<Long> expectedMillis, List<Long> measured) {
        System.out.println("restart pauses, ms: expected " + expectedMillis + ", measured " + measured);
        assertTrue(measured.size() >= expectedMillis.size(), "pauses " + measured);
        for (int i = 0; i < expectedMillis.size(); i++) {
            long e = expectedMillis.get(i);
            long m = measured.get(i);
            assertTrue(Math.abs(m - e) <= TOLERANCE_MILLIS,
                    "pause " + (i + 1) + ": " + m + " ms, expected " + e + " ms; all: " + measured);
        }
    }

    @Test
    void exponentialRetriesGrowToTheCeilingAndNeverGiveUp() throws Exception {
        // exits during startsecs: the BACKOFF retries wait 0.2, 0.4, 0.8, 1.6, then 2 s (backoff_max)
        String conf = "[program:crash]\ncommand=sh -c 'exit 1'\nstartsecs=1\nautorestart=false\n"
                + "startretries=unlimited\nrestart_delay=0.2\nbackoff=exponential\nbackoff_max=2\n";
        try (EngineFixture f = new EngineFixture(dir, conf)) {
            EngineFixture.await(() -> pauses(f.transitions("crash"), BACKOFF).size() >= 6, 20,
                    () -> "pauses so far " + pauses(f.transitions("crash"), BACKOFF) + "\n" + f.logText());
            assertSeries(List.of(200L, 400L, 800L, 1600L, 2000L, 2000L), pauses(f.transitions("crash"), BACKOFF));
            // six retries, more than startretries' default: unlimited never gives up
            assertFalse(f.states("crash").contains(FATAL), f.states("crash").toString());
            assertTrue(f.logLines().stream().noneMatch(l -> l.contains("gave up")), f.logText());
        }
    }

    @Test
    void autorestartsWaitAndTheCountStartsAgainAfterALongRun() throws Exception {
        // runs 1-3 and 5-6 end at once, run 4 lasts 1.3 s, longer than backoff_reset_after = 1
        Path count = dir.resolve("count");
        Path script = dir.resolve("flap.sh");
        Files.writeString(script, "n=$(cat " + count + " 2>/dev/null || echo 0); n=$((n+1)); echo $n > " + count
                + "\n[ $n -eq 4 ] && sleep 1.3\nexit 0\n");
        String conf = "[program:flap]\ncommand=sh " + script + "\nstartsecs=0\nautorestart=true\n"
                + "restart_delay=0.2\nbackoff=exponential\nbackoff_reset_after=1\n";
        try (EngineFixture f = new EngineFixture(dir, conf)) {
            EngineFixture.await(() -> pauses(f.transitions("flap"), EXITED).size() >= 6, 20,
                    () -> "pauses so far " + pauses(f.transitions("flap"), EXITED) + "\n" + f.logText());
            // after runs 1, 2, 3: 0.2, 0.4, 0.8; after the long run 4 the count starts again: 0.2, 0.4, 0.8
            assertSeries(List.of(200L, 400L, 800L, 200L, 400L, 800L), pauses(f.transitions("flap"), EXITED));
        }
    }

    @Test
    void withoutTheOptionsAnAutorestartDoesNotWait() throws Exception {
        String conf = "[program:quick]\ncommand=sh -c 'sleep 0.1'\nstartsecs=0\nautorestart=true\n";
        try (EngineFixture f = new EngineFixture(dir, conf)) {
            EngineFixture.await(() -> pauses(f.transitions("quick"), EXITED).size() >= 3, 10,
                    () -> "pauses so far " + pauses(f.transitions("quick"), EXITED) + "\n" + f.logText());
            for (long p : pauses(f.transitions("quick"), EXITED)) {
                assertTrue(p < 100, "the reference restarts at once; paused " + p + " ms");
            }
            assertEquals(List.of(), f.logLines().stream().filter(l -> l.contains("waits")).toList());
        }
    }
}
