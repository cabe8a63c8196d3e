package io.jsupervisor.core.internal.engine;

import java.util.ArrayList;
import java.util.List;
import jnr.constants.platform.Fcntl;
import jnr.posix.POSIX;

/**
 * The raw descriptors one spawn has opened so far, so that a failure at any step closes each of
 * them exactly once and nothing else (closing a number twice could close a descriptor that
 * another thread has opened in between).
 */
final class OpenDescriptors {
    private static final int FD_CLOEXEC = 1;

    private final POSIX posix;
    private final List<Integer> open = new ArrayList<>(6);

    OpenDescriptors(POSIX posix) {
        this.posix = posix;
    }

    /** A close-on-exec pipe, {read, write}: our ends must not leak into children spawned later. */
    int[] pipe() throws Spawner.SpawnFailure {
        int[] fds = new int[2];
        if (posix.pipe(fds) != 0) {
            throw new Spawner.SpawnFailure(false, posix.errno(), "pipe failed");
        }
        open.add(fds[0]);
        open.add(fds[1]);
        posix.fcntlInt(fds[0], Fcntl.F_SETFD, FD_CLOEXEC);
        posix.fcntlInt(fds[1], Fcntl.F_SETFD, FD_CLOEXEC);
        return fds;
    }

    /** Closes one descriptor of ours now; a later {@link #closeAll} leaves it alone. */
    void close(int fd) {
        if (open.remove(Integer.valueOf(fd))) {
            posix.close(fd);
        }
    }

    /** Closes every descriptor not closed or handed on yet. */
    void closeAll() {
        for (int fd : open) {
            posix.close(fd);
        }
        open.clear();
    }
}
