package io.jsupervisor.core.internal.engine;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import jnr.constants.platform.Errno;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.posix.POSIX;

/**
 * Collects the daemon's exited children on its own thread, so an exit is seen the moment it
 * happens, with the exact wait status. It blocks in {@code waitid(P_ALL, WEXITED|WNOWAIT)},
 * which reports a zombie without reaping it, and reaps only what belongs to the engine: children
 * a bundle starts with the JDK's ProcessBuilder keep their exit status for the JDK's own reaper
 * (a blind {@code waitpid(-1)} stole it). When the daemon runs as PID 1, an orphan reparented to
 * it is reaped too, once it has stayed a zombie longer than the JDK would leave its own. When
 * there is no child it sleeps until the next spawn.
 */
final class Reaper {
    /** Receives (pid, raw wait status) on the reaper thread. */
    interface Sink {
        void exited(int pid, int status);
    }

    /** The libc calls jnr-posix does not wrap. */
    public interface LibC {
        int waitid(int idtype, int id, Pointer infop, int options);
    }

    private static final int P_ALL = 0;
    private static final int WEXITED = 4;
    private static final int WNOWAIT = 0x01000000;
    private static final int WNOHANG = 1;
    /** siginfo_t is 128 bytes; si_pid follows si_signo, si_errno, si_code and the union's alignment. */
    private static final int SIGINFO_BYTES = 128;
    private static final int SI_PID_OFFSET = 16;
    /** How long a zombie that is not ours may stay before, as PID 1, we take it as an orphan. */
    private static final long ORPHAN_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final POSIX posix;
    private final Sink sink;
    private final Object lock = new Object();
    private final Set<Integer> owned = ConcurrentHashMap.newKeySet();
    private final Map<Integer, Long> foreignSince = new ConcurrentHashMap<>();
    private long spawns;
    private volatile boolean stopped;
    private final Thread thread;

    Reaper(POSIX posix, Sink sink) {
        this.posix = posix;
        this.sink = sink;
        this.thread = new Thread(null, this::run, "jsupervisor-reaper", 256 * 1024);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Tell the reaper about a child of the engine (call after each spawn). */
    void childSpawned(int pid) {
        owned.add(pid);
        synchronized (lock) {
            spawns++;
            lock.notifyAll();
        }
    }

    void stop() {
        stopped = true;
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    private void run() {
        LibC libc;
        Pointer info;
        try {
            libc = LibraryLoader.create(LibC.class).load("c");
            info = Memory.allocate(Runtime.getRuntime(libc), SIGINFO_BYTES);
        } catch (RuntimeException | LinkageError e) {
            libc = null;
            info = null;
        }
        boolean pid1 = posix.getpid() == 1;
        int[] status = new int[1];
        while (!stopped) {
            long seen;
            synchronized (lock) {
                seen = spawns;
            }
            if (libc == null) {
                // no waitid: the old way, every child
                int pid = posix.waitpid(-1, status, 0);
                if (pid > 0) {
                    owned.remove(pid);
                    sink.exited(pid, status[0]);
                    continue;
                }
            } else {
                info.putInt(SI_PID_OFFSET, 0);
                int rc = libc.waitid(P_ALL, 0, info, WEXITED | WNOWAIT);
                if (rc == 0) {
                    int pid = info.getInt(SI_PID_OFFSET);
                    if (pid > 0) {
                        handleZombie(pid, pid1, status);
                    }
                    continue;
                }
            }
            if (posix.errno() == Errno.EINTR.intValue()) {
                continue;
            }
            synchronized (lock) {
                while (!stopped && spawns == seen) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }

    private void handleZombie(int pid, boolean pid1, int[] status) {
        if (owned.contains(pid)) {
            reap(pid, status);
            return;
        }
        long now = System.nanoTime();
        long since = foreignSince.computeIfAbsent(pid, p -> now);
        if (pid1 && now - since > ORPHAN_AFTER_NANOS) {
            foreignSince.remove(pid);
            reap(pid, status); // an orphan: the engine logs "reaped unknown pid"
            return;
        }
        // Someone else's child (or ours, not registered yet): its owner reaps it soon. waitid
        // would return it again at once, and it may hide ours behind it: look at ours directly.
        for (Integer p : owned) {
            int r = posix.waitpid(p, status, WNOHANG);
            if (r == p) {
                owned.remove(p);
                sink.exited(p, status[0]);
            }
        }
        foreignSince.keySet().removeIf(p -> p != pid && now - foreignSince.getOrDefault(p, now) > 10 * ORPHAN_AFTER_NANOS);
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }

    private void reap(int pid, int[] status) {
        int r = posix.waitpid(pid, status, 0);
        if (r == pid) {
            owned.remove(pid);
            sink.exited(pid, status[0]);
        }
    }
}
