package io.jsupervisor.core.internal.engine;

import jnr.constants.platform.Errno;
import jnr.posix.POSIX;

/**
 * Collects every exited child of the daemon with a blocking {@code waitpid(-1)} on its own
 * thread, so an exit is seen the moment it happens, with the exact wait status, and orphans
 * reparented to us (when we run as PID 1) are reaped too. When there is no child it sleeps until
 * the next spawn. Nothing else in the daemon may start processes through the JDK (its reaper
 * would race this one).
 */
final class Reaper {
    /** Receives (pid, raw wait status) on the reaper thread. */
    interface Sink {
        void exited(int pid, int status);
    }

    private final POSIX posix;
    private final Sink sink;
    private final Object lock = new Object();
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

    /** Tell the reaper a child exists (call after each spawn). */
    void childSpawned() {
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
        int[] status = new int[1];
        while (!stopped) {
            long seen;
            synchronized (lock) {
                seen = spawns;
            }
            int pid = posix.waitpid(-1, status, 0);
            if (pid > 0) {
                sink.exited(pid, status[0]);
                continue;
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
}
