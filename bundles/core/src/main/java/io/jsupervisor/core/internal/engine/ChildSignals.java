package io.jsupervisor.core.internal.engine;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * Clears the calling thread's signal mask. HotSpot blocks SIGQUIT in every Java thread (its
 * Signal Dispatcher thread takes it for thread dumps), and a child started by posix_spawn
 * inherits the spawning thread's mask: without this, every program would start with SIGQUIT
 * blocked and {@code stopsignal=QUIT} (nginx, php-fpm) would never stop it. A SIGQUIT sent to
 * the daemon may then be taken by this thread; HotSpot's handler still forwards it as before.
 */
final class SignalMask {
    private static final int SIG_SETMASK = 2;
    private static final int SIGSET_BYTES = 128;

    /** The few libc calls jnr-posix does not wrap. */
    public interface LibC {
        int sigemptyset(Pointer set);

        int pthread_sigmask(int how, Pointer set, Pointer oldset);
    }

    private SignalMask() {}

    /** @return true when the mask is now empty */
    static boolean clearForCurrentThread() {
        try {
            LibC libc = LibraryLoader.create(LibC.class).load("c");
            Pointer set = Memory.allocate(Runtime.getRuntime(libc), SIGSET_BYTES);
            libc.sigemptyset(set);
            return libc.pthread_sigmask(SIG_SETMASK, set, null) == 0;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
