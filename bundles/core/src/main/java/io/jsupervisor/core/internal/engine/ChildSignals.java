package io.jsupervisor.core.internal.engine;

import jnr.ffi.LibraryLoader;

/**
 * The signal state our children inherit, made the same as under the reference.
 *
 * <p>The mask is set per spawn (see {@link DirectSpawn}): every program starts with none blocked.
 *
 * <p>The dispositions: CPython ignores SIGPIPE and SIGXFSZ at start-up, and exec keeps an ignored
 * signal ignored, so every child of the reference starts with both ignored: writing to a closed
 * pipe gives it EPIPE and writing past RLIMIT_FSIZE gives EFBIG instead of killing it. HotSpot
 * instead installs handlers for both, which exec resets to the default action (death). So the
 * daemon ignores both itself; the JVM's handlers did nothing else with them (a failed write is
 * reported by its errno either way).
 */
final class ChildSignals {
    private static final int SIGPIPE = 13;
    private static final int SIGXFSZ = 25;
    /** SIG_IGN, ((void (*)(int)) 1). */
    private static final long SIG_IGN = 1;
    /** SIG_ERR, ((void (*)(int)) -1). */
    private static final long SIG_ERR = -1;

    /** The few libc calls jnr-posix does not wrap. */
    public interface LibC {
        long signal(int signum, long handler);
    }

    private ChildSignals() {}

    /** @return true when SIGPIPE and SIGXFSZ are now ignored, for this process and its children */
    static boolean ignorePipeAndFileSizeSignals() {
        try {
            LibC libc = LibraryLoader.create(LibC.class).load("c");
            return libc.signal(SIGPIPE, SIG_IGN) != SIG_ERR && libc.signal(SIGXFSZ, SIG_IGN) != SIG_ERR;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
