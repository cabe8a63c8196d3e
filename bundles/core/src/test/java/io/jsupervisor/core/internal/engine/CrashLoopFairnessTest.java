package io.jsupervisor.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsupervisor.api.process.ProcessState;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Programs with the same settings get the same number of restarts, even when one pass over them
 * takes longer than they live. A state listener that sleeps on every STARTING makes each spawn
 * cost a fixed time, as a loaded machine (or 200 programs) does; the children are real.
 */
class CrashLoopFairnessTest {
    private static final int PROGRAMS = 16;
    /** Per spawn: 16 of them make a pass of ~0.5 s, more than twice a child's lifetime. */
    private static final long SPAWN_COST_MILLIS = 30;

    @TempDir
    Path dir;

    @Test
    void programsThatOutliveNoPassAreRestartedEquallyOften() throws Exception {
        StringBuilder conf = new StringBuilder();
        for (int i = 0; i < PROGRAMS; i++) {
            conf.append(String.format("[program:flap_%02d]%ncommand=sleep 0.2%nautorestart=true%nstartsecs=0%n"
                    + "startretries=1000%nstdout_logfile=NONE%nstderr_logfile=NONE%n", i));
        }
        Map<String, Integer> starts = new TreeMap<>();
        try (EngineFixture f = new EngineFixture(dir, conf.toString(), "info")) {
            f.engine.addListener((info, from) -> {
                if (info.state() == ProcessState.STARTING) {
                    try {
                        Thread.sleep(SPAWN_COST_MILLIS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            Thread.sleep(TimeUnit.SECONDS.toMillis(2)); // warm-up: passes settle to their steady length
            synchronized (f.transitions) {
                f.transitions.clear();
            }
            Thread.sleep(TimeUnit.SECONDS.toMillis(8));
            synchronized (f.transitions) {
                for (EngineFixture.Transition t : f.transitions) {
                    if (t.to() == ProcessState.STARTING) {
                        starts.merge(t.name(), 1, Integer::sum);
                    }
                }
            }
        }
        assertEquals(PROGRAMS, starts.size(), "every program restarted: " + starts);
        int min = starts.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
        int max = starts.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        System.out.println("crash-loop fairness: restarts per program in 8 s min " + min + " max " + max);
        // One pass restarts each program once: counts differ by at most the pass in progress.
        assertTrue(max - min <= 1 + max / 10, "restarts per program min " + min + " max " + max + ": " + starts);
    }
}
