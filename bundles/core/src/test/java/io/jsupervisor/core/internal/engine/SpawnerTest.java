package io.jsupervisor.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import jnr.constants.platform.Errno;
import jnr.posix.POSIX;
import jnr.posix.RLimit;
import org.junit.jupiter.api.Test;

/** Spawn failures against real descriptor limits: what is closed, and what is said. */
class SpawnerTest {
    private static final int RLIMIT_NOFILE = 7;
    private static final POSIX POSIX_NATIVE = EngineFixture.POSIX_NATIVE;

    private static TreeSet<Integer> openDescriptors() throws IOException {
        TreeSet<Integer> fds = new TreeSet<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path p : dir) {
                fds.add(Integer.parseInt(p.getFileName().toString()));
            }
        }
        return fds;
    }

    /**
     * Room for one pipe and a half: the stdin pipe is made, the stdout pipe fails with EMFILE.
     * The stdin pipe must be closed again, or every failed start leaks two descriptors.
     */
    @Test
    void aPipeFailingWithEmfileClosesThePipesAlreadyMade() throws Exception {
        Spawner spawner = new Spawner(POSIX_NATIVE, System.getenv());
        Spawner.Command sleep = spawner.resolve("sleep 5");
        for (int free : new int[] {1, 3, 5}) {
            TreeSet<Integer> before = openDescriptors();
            RLimit saved = POSIX_NATIVE.getrlimit(RLIMIT_NOFILE);
            List<Integer> filler = new ArrayList<>();
            Spawner.SpawnFailure failure;
            POSIX_NATIVE.setrlimit(RLIMIT_NOFILE, before.last() + 16, saved.rlimMax());
            try {
                // take every free number under the limit, then give back exactly `free` of them
                for (int fd = POSIX_NATIVE.dup(0); fd >= 0; fd = POSIX_NATIVE.dup(0)) {
                    filler.add(fd);
                }
                for (int i = 0; i < free; i++) {
                    POSIX_NATIVE.close(filler.remove(filler.size() - 1));
                }
                failure = assertThrows(Spawner.SpawnFailure.class,
                        () -> spawner.spawn(sleep, List.of("PATH=/bin:/usr/bin"), null, null, null, false, -1, null));
            } finally {
                filler.forEach(POSIX_NATIVE::close);
                POSIX_NATIVE.setrlimit(RLIMIT_NOFILE, saved.rlimCur(), saved.rlimMax());
            }
            assertEquals("too many open files to spawn 'p'", failure.spawnerr("p"), "with " + free + " free");
            // nothing new stays open (earlier tests' threads may still be closing their own)
            TreeSet<Integer> leaked = openDescriptors();
            leaked.removeAll(before);
            assertEquals(Set.of(), leaked, "descriptors left by a failed spawn with " + free + " free");
        }
    }

    @Test
    void aSuccessfulSpawnLeavesOnlyTheDescriptorsItHandsBack() throws Exception {
        Spawner spawner = new Spawner(POSIX_NATIVE, System.getenv());
        TreeSet<Integer> before = openDescriptors();
        Spawner.Child child = spawner.spawn(spawner.resolve("true"), List.of(), null, null, null, false, -1, null);
        TreeSet<Integer> after = openDescriptors();
        after.removeAll(before);
        // stdout and stderr read ends, and the stdin stream's descriptor
        assertEquals(3, after.size(), "new descriptors " + after);
        TreeSet<Integer> handedBack = new TreeSet<>(after);
        assertTrue(after.contains(child.stdout()) && after.contains(child.stderr()));
        child.stdin().close();
        POSIX_NATIVE.close(child.stdout());
        POSIX_NATIVE.close(child.stderr());
        POSIX_NATIVE.waitpid(child.pid(), new int[1], 0);
        TreeSet<Integer> left = openDescriptors();
        left.retainAll(handedBack);
        assertEquals(Set.of(), left, "the child's descriptors are all closed again");
    }

    @Test
    void spawnErrorsUseTheReferenceWording() {
        assertEquals("too many open files to spawn 'web'",
                Errnos.dispatcherFailure("web", Errno.EMFILE.intValue()));
        assertEquals("unknown error making dispatchers for 'web': ENOSPC",
                Errnos.dispatcherFailure("web", Errno.ENOSPC.intValue()));
        assertEquals("Too many processes in process table to spawn 'web'",
                Errnos.forkFailure("web", Errno.EAGAIN.intValue()));
        assertEquals("unknown error during fork for 'web': ENOMEM", Errnos.forkFailure("web", Errno.ENOMEM.intValue()));
        assertEquals(Errno.ENFILE.intValue(), Errnos.of(new IOException("/x (Too many open files in system)")));
        assertEquals(Errno.EMFILE.intValue(), Errnos.of(new IOException("/x (Too many open files)")));
        assertEquals(Errno.ENOENT.intValue(), Errnos.of(new java.nio.file.NoSuchFileException("/x")));
        assertEquals("12345", Errnos.name(12345));
    }
}
