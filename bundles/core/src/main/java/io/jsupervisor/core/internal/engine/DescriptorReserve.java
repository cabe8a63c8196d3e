package io.jsupervisor.core.internal.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import jnr.constants.platform.Errno;
import jnr.posix.POSIX;
import jnr.posix.RLimit;

/**
 * Keeps the last descriptors under the soft RLIMIT_NOFILE for the daemon itself.
 *
 * <p>The reference spawns until {@code pipe()} fails with EMFILE. A JVM cannot live that close
 * to the limit: it reads classes from bundle jars that Felix closes and reopens on demand, Jetty
 * needs a descriptor to accept {@code supervisorctl}, and log rotation opens files. A daemon whose
 * children had used every descriptor could no longer load the code that reports the failure, and
 * its engine thread died. So a spawn that would leave fewer than {@link #KEPT_FOR_DAEMON} free
 * fails early, with the reference's own EMFILE spawnerr ("too many open files to spawn").
 *
 * <p>Counting {@code /proc/self/fd} costs a directory listing, so it is done only when a
 * pessimistic estimate (the last count plus {@link #PER_SPAWN} for every spawn since) says the
 * limit may be near; with a generous limit it is done once.
 */
final class DescriptorReserve {
    /** What a spawn opens at most at once: three pipes, two log files, the stdin stream. */
    static final int PER_SPAWN = 9;
    /** Left for class loading, client connections and log rotation. */
    static final int KEPT_FOR_DAEMON = 16;
    private static final int RLIMIT_NOFILE = 7;

    private final POSIX posix;
    private long counted = -1;
    private int spawnsSinceCount;

    DescriptorReserve(POSIX posix) {
        this.posix = posix;
    }

    /** Throws EMFILE's "Too many open files" when a spawn now would eat into the reserve. */
    void claimForSpawn() throws IOException {
        long limit = softLimit();
        if (limit <= 0) {
            return; // unknown or unlimited: nothing to keep
        }
        long needed = PER_SPAWN + KEPT_FOR_DAEMON;
        if (counted < 0 || limit - (counted + (long) PER_SPAWN * spawnsSinceCount) < needed) {
            counted = openNow();
            spawnsSinceCount = 0;
            if (counted >= 0 && limit - counted < needed) {
                throw new IOException(Errno.EMFILE.description() + " (" + (limit - counted)
                        + " descriptors left, " + KEPT_FOR_DAEMON + " are kept for the daemon)");
            }
        }
        spawnsSinceCount++;
    }

    private long softLimit() {
        try {
            RLimit limit = posix.getrlimit(RLIMIT_NOFILE);
            long soft = limit.rlimCur();
            return soft < 0 || soft > Integer.MAX_VALUE ? 0 : soft;
        } catch (RuntimeException e) {
            return 0; // no getrlimit on this platform
        }
    }

    /** The descriptors open now, or -1 where /proc cannot tell. */
    private static long openNow() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
