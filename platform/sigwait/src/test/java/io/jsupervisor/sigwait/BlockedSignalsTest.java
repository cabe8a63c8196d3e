package io.jsupervisor.sigwait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.Map;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real signals on the test's own thread: SIGWINCH (ignored by default, unused by the JVM) is
 * blocked on this thread only and raised to it, so no other thread can take it.
 */
class BlockedSignalsTest {
    private static final int SIG_BLOCK = 0;
    private static final int SIG_UNBLOCK = 1;
    private static final int SIGURG = 23;
    private static final int SIGWINCH = 28;

    public interface TestLibC extends BlockedSignals.LibC {
        /** Sends a signal to the calling thread. */
        int raise(int sig);
    }

    private static final TestLibC LIBC = LibraryLoader.create(TestLibC.class).load("c");

    private static Pointer setOf(int signal) {
        Pointer set = Memory.allocate(jnr.ffi.Runtime.getRuntime(LIBC), 128);
        LIBC.sigemptyset(set);
        LIBC.sigaddset(set, signal);
        return set;
    }

    @Test
    @Timeout(10)
    void takesOnlyTheCandidatesThisThreadBlockedAndGetsOnePendingBeforeTheWait() {
        Map<String, Integer> candidates = new LinkedHashMap<>();
        candidates.put("URG", SIGURG);
        candidates.put("WINCH", SIGWINCH);
        assertNull(BlockedSignals.of(LIBC, candidates), "nothing blocked yet");
        Pointer winch = setOf(SIGWINCH);
        assertEquals(0, LIBC.pthread_sigmask(SIG_BLOCK, winch, null));
        try {
            BlockedSignals signals = BlockedSignals.of(LIBC, candidates);
            assertEquals(Map.of(SIGWINCH, "WINCH"), signals.waited());
            // sent before anyone waits: it stays pending on this thread and the wait takes it
            assertEquals(0, LIBC.raise(SIGWINCH));
            assertEquals(SIGWINCH, signals.take());
        } finally {
            LIBC.pthread_sigmask(SIG_UNBLOCK, winch, null);
        }
    }
}
