package io.jsupervisor.sigwait;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntConsumer;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.byref.IntByReference;

/**
 * The signals a launch script blocked before the JVM started (the mask is inherited by every
 * JVM thread), taken one at a time with sigwait(3). A JVM cannot install a Java handler for
 * SIGQUIT, and its own handlers for the others run late and on threads of its choosing;
 * sigwait on one thread takes each signal as it comes, in order, and takes the ones sent before
 * this code ran (they stayed pending).
 */
public final class BlockedSignals {
    private static final int SIG_BLOCK = 0;
    /** glibc's sigset_t is 128 bytes. */
    private static final int SIGSET_BYTES = 128;

    /** The libc calls this needs; a caller's own libc interface may extend it. */
    public interface LibC {
        int sigemptyset(Pointer set);

        int sigaddset(Pointer set, int signo);

        int sigismember(Pointer set, int signo);

        int pthread_sigmask(int how, Pointer set, Pointer oldset);

        int sigwait(Pointer set, IntByReference sig);
    }

    private final LibC libc;
    private final Pointer set;
    private final Map<Integer, String> waited;

    private BlockedSignals(LibC libc, Pointer set, Map<Integer, String> waited) {
        this.libc = libc;
        this.set = set;
        this.waited = Collections.unmodifiableMap(waited);
    }

    /**
     * Those of {@code candidates} (name to Linux number) that the calling thread has blocked;
     * null when none is, or the mask cannot be read.
     */
    public static BlockedSignals of(LibC libc, Map<String, Integer> candidates) {
        jnr.ffi.Runtime runtime = jnr.ffi.Runtime.getRuntime(libc);
        Pointer none = Memory.allocate(runtime, SIGSET_BYTES);
        Pointer current = Memory.allocate(runtime, SIGSET_BYTES);
        libc.sigemptyset(none);
        if (libc.pthread_sigmask(SIG_BLOCK, none, current) != 0) { // blocks nothing: reads the mask
            return null;
        }
        Pointer set = Memory.allocate(runtime, SIGSET_BYTES);
        libc.sigemptyset(set);
        Map<Integer, String> waited = new LinkedHashMap<>();
        candidates.forEach((name, number) -> {
            if (libc.sigismember(current, number) == 1) {
                libc.sigaddset(set, number);
                waited.put(number, name);
            }
        });
        return waited.isEmpty() ? null : new BlockedSignals(libc, set, waited);
    }

    /** The signals taken, number to name, in the candidates' order. */
    public Map<Integer, String> waited() {
        return waited;
    }

    /** Waits for the next of the signals and returns its number. */
    public int take() {
        IntByReference sig = new IntByReference();
        while (libc.sigwait(set, sig) != 0 || !waited.containsKey(sig.getValue())) {
            // sigwait fails only for a bad set; ours is fixed, so this does not spin
        }
        return sig.getValue();
    }

    /** Takes the signals one at a time, for good, handing each one's number to {@code handler}. */
    public void takeForever(IntConsumer handler) {
        while (true) {
            handler.accept(take());
        }
    }
}
