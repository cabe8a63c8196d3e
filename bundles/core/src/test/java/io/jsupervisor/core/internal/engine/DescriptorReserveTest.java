package io.jsupervisor.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import jnr.constants.platform.Errno;
import jnr.posix.POSIX;
import jnr.posix.RLimit;
import org.junit.jupiter.api.Test;

/** The descriptors a spawn must leave the daemon, against the test JVM's real soft limit. */
class DescriptorReserveTest {
    private static final int RLIMIT_NOFILE = 7;
    private static final POSIX POSIX_NATIVE = EngineFixture.POSIX_NATIVE;
    private static final int NEEDED = DescriptorReserve.PER_SPAWN + DescriptorReserve.KEPT_FOR_DAEMON;

    private static long openCount() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count() - 1; // not the listing's own descriptor
        }
    }

    @Test
    void aSpawnThatWouldEatIntoTheReserveFailsWithEmfileAndTheNextOneRecounts() throws Exception {
        DescriptorReserve reserve = new DescriptorReserve(POSIX_NATIVE);
        RLimit saved = POSIX_NATIVE.getrlimit(RLIMIT_NOFILE);
        List<Integer> extra = new ArrayList<>();
        try {
            long open = openCount();
            POSIX_NATIVE.setrlimit(RLIMIT_NOFILE, open + NEEDED - 2, saved.rlimMax());
            IOException refused = assertThrows(IOException.class, reserve::claimForSpawn);
            assertEquals(Errno.EMFILE.intValue(), Errnos.of(refused), refused.getMessage());

            // with room for exactly one spawn the claim succeeds ...
            POSIX_NATIVE.setrlimit(RLIMIT_NOFILE, openCount() + NEEDED + 2, saved.rlimMax());
            reserve.claimForSpawn();
            // ... and once that spawn's descriptors are open the estimate sends it to count again
            for (int i = 0; i < DescriptorReserve.PER_SPAWN; i++) {
                extra.add(POSIX_NATIVE.dup(0));
            }
            assertThrows(IOException.class, reserve::claimForSpawn);
            extra.forEach(POSIX_NATIVE::close);
            extra.clear();
            reserve.claimForSpawn(); // closed again: room once more
        } finally {
            extra.forEach(POSIX_NATIVE::close);
            POSIX_NATIVE.setrlimit(RLIMIT_NOFILE, saved.rlimCur(), saved.rlimMax());
        }
    }

    @Test
    void aGenerousLimitRefusesNothing() throws Exception {
        DescriptorReserve reserve = new DescriptorReserve(POSIX_NATIVE);
        RLimit saved = POSIX_NATIVE.getrlimit(RLIMIT_NOFILE);
        try {
            POSIX_NATIVE.setrlimit(RLIMIT_NOFILE, Math.min(saved.rlimMax(), openCount() + 1000), saved.rlimMax());
            for (int i = 0; i < 50; i++) {
                reserve.claimForSpawn();
            }
        } finally {
            POSIX_NATIVE.setrlimit(RLIMIT_NOFILE, saved.rlimCur(), saved.rlimMax());
        }
    }
}
