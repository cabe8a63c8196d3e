package io.jsupervisor.core.internal.engine;

import static io.jsupervisor.api.process.ProcessState.EXITED;
import static io.jsupervisor.api.process.ProcessState.RUNNING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jsupervisor's cgroup options on real children and the real cgroup v2 hierarchy: a process in
 * its own cgroup, what dies with it on a stop, what a machine without a controller refuses. The
 * tests that need a controller run only where the daemon's cgroup offers it.
 */
class CgroupsTest {
    private static final String FORKER = "command=sh -c \"sleep 1000 & sleep 1000 & exec sleep 1000\"\n"
            + "startsecs=0\nstopasgroup=false\nkillasgroup=false\n";
    private static final Cgroups.Location HERE = Cgroups.locate(Path.of("/proc/self/mountinfo"),
            Path.of("/proc/self/cgroup"));
    private static final String DAEMON_PID = Long.toString(ProcessHandle.current().pid());

    @TempDir
    Path dir;

    /** Whether this test JVM may make cgroups below its own (root with cgroup2 mounted, or a delegated subtree). */
    private static boolean writableHierarchy() {
        return HERE.missing() == null && Files.isWritable(HERE.daemonDir());
    }

    private static boolean offers(String controller) throws IOException {
        return writableHierarchy() && (" " + Files.readString(HERE.daemonDir().resolve("cgroup.controllers")).trim()
                + " ").contains(" " + controller + " ");
    }

    private static Path base() {
        return HERE.daemonDir().resolve("jsupervisor-" + DAEMON_PID);
    }

    /** The {@code 0::} line of a process's /proc/PID/cgroup: its cgroup v2 path. */
    private static String cgroupOf(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/cgroup"))) {
            if (line.startsWith("0::")) {
                return line.substring(3);
            }
        }
        return null;
    }

    /** Alive: there, and not a zombie waiting for its new parent to reap it. */
    private static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    /** The children of {@code pid} (what the forker's shell started before it exec'd sleep). */
    private static List<Long> childrenOf(long pid) {
        List<Long> out = new ArrayList<>();
        ProcessHandle.allProcesses().filter(p -> p.parent().map(pp -> pp.pid() == pid).orElse(false))
                .forEach(p -> out.add(p.pid()));
        return out;
    }

    /**
     * The pid of {@code name} once the program runs: RUNNING comes at the spawn (startsecs=0),
     * a moment before the shell that joins the cgroup execs the program.
     */
    private static long runningPid(EngineFixture f, String name) throws InterruptedException {
        long pid = f.info(name).pid();
        EngineFixture.await(() -> {
            try {
                String argv = Files.readString(Path.of("/proc/" + pid + "/cmdline"));
                return argv.contains("sleep\u00001000") && !argv.startsWith("/bin/sh\u0000");
            } catch (IOException e) {
                return false;
            }
        }, 10, () -> name + " never exec'd its program");
        return pid;
    }

    private static List<Long> grandchildren(EngineFixture f, String name) throws InterruptedException {
        long pid = f.info(name).pid();
        EngineFixture.await(() -> childrenOf(pid).size() == 2, 10, () -> name + " never forked its two sleeps");
        return childrenOf(pid);
    }

    @Test
    void aProcessInItsOwnCgroupTakesWhatItForkedAlongOnStop() throws Exception {
        assumeTrue(writableHierarchy(), "no writable cgroup v2 hierarchy here: " + HERE);
        try (EngineFixture f = new EngineFixture(dir, "[program:forker]\n" + FORKER + "cgroup=true\n")) {
            f.awaitState("forker", RUNNING, 10);
            long pid = f.info("forker").pid();
            List<Long> grandchildren = grandchildren(f, "forker");
            Path cgroup = base().resolve("forker.forker");
            String daemonPath = cgroupOf(ProcessHandle.current().pid());
            String expected = (daemonPath.equals("/") ? "" : daemonPath) + "/jsupervisor-" + DAEMON_PID
                    + "/forker.forker";
            assertEquals(expected, cgroupOf(pid));
            for (long g : grandchildren) {
                assertEquals(expected, cgroupOf(g));
            }
            // the pid is the program's: the shell that joined the cgroup exec'd it
            assertEquals("sleep\u00001000\u0000", Files.readString(Path.of("/proc/" + pid + "/cmdline")));
            assertTrue(Files.isDirectory(cgroup));

            f.engine.stopProcess("forker", true).toCompletableFuture().get(30, TimeUnit.SECONDS);

            EngineFixture.await(() -> grandchildren.stream().noneMatch(CgroupsTest::alive), 10,
                    () -> "grandchildren " + grandchildren + " survived the stop");
            EngineFixture.await(() -> !Files.exists(cgroup), 10, () -> cgroup + " was not removed");
            // started again: a new cgroup of the same name, which the program joins before it runs
            f.engine.startProcess("forker", true).toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertEquals(expected, cgroupOf(runningPid(f, "forker")));
        }
        assertFalse(Files.exists(base()), "the daemon's cgroup directory outlived it");
    }

    @Test
    void withoutTheOptionsNoCgroupIsTouchedAndGrandchildrenSurviveAsInTheReference() throws Exception {
        List<Long> grandchildren = List.of();
        try (EngineFixture f = new EngineFixture(dir, "[program:forker]\n" + FORKER)) {
            f.awaitState("forker", RUNNING, 10);
            long pid = f.info("forker").pid();
            grandchildren = grandchildren(f, "forker");
            assertEquals(cgroupOf(ProcessHandle.current().pid()), cgroupOf(pid));
            assertEquals("sleep\u00001000\u0000", Files.readString(Path.of("/proc/" + pid + "/cmdline")));
            f.engine.stopProcess("forker", true).toCompletableFuture().get(30, TimeUnit.SECONDS);
            Thread.sleep(300);
            assertTrue(grandchildren.stream().allMatch(CgroupsTest::alive), "the reference leaves them running");
            if (HERE.missing() == null) {
                assertFalse(Files.exists(base()));
            }
        } finally {
            grandchildren.forEach(g -> ProcessHandle.of(g).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    @Test
    void aLimitWithoutItsControllerIsRefusedAtStart() throws Exception {
        assumeTrue(writableHierarchy(), "no writable cgroup v2 hierarchy here: " + HERE);
        assumeTrue(!offers("memory"), "this machine offers the memory controller");
        CgroupsUnavailableException e = assertThrows(CgroupsUnavailableException.class,
                () -> new EngineFixture(dir, "[program:hog]\ncommand=sleep 1000\nmemory_max=20MB\n"));
        assertEquals("[program:hog] memory_max needs the cgroup v2 memory controller, which " + HERE.daemonDir()
                + "/ does not offer (set cgroup_required = false to run without limits)", e.getMessage());
        assertFalse(Files.exists(base()), "a refused start left " + base());
    }

    @Test
    void withCgroupRequiredFalseTheLimitIsSaidOnceAndIgnored() throws Exception {
        assumeTrue(writableHierarchy(), "no writable cgroup v2 hierarchy here: " + HERE);
        assumeTrue(!offers("pids"), "this machine offers the pids controller");
        String programs = "[program:many]\ncommand=sleep 1000\nstartsecs=0\nnumprocs=2\n"
                + "process_name=%(program_name)s_%(process_num)d\npids_max=5\ncgroup_required=false\n";
        try (EngineFixture f = new EngineFixture(dir, programs)) {
            f.awaitState("many:many_0", RUNNING, 10);
            f.awaitState("many:many_1", RUNNING, 10);
            String warning = "WARN [program:many] pids_max needs the cgroup v2 pids controller, which "
                    + HERE.daemonDir() + "/ does not offer; running it without limits (cgroup_required = false)";
            assertEquals(1, f.logLines().stream().filter(warning::equals).count(), f.logText());
            // still in a cgroup of its own, for the stop
            assertTrue(cgroupOf(runningPid(f, "many:many_1")).endsWith("/jsupervisor-" + DAEMON_PID + "/many.many_1"));
            assertFalse(Files.exists(base().resolve("many.many_1").resolve("pids.max")));
        }
    }

    @Test
    void theLocationIsReadFromMountinfoAndTheProcessesCgroup() throws Exception {
        Path mountinfo = dir.resolve("mountinfo");
        Path self = dir.resolve("cgroup");
        Files.writeString(mountinfo, "24 1 0:22 / /sys rw - sysfs sysfs rw\n"
                + "40 30 0:37 /ns /sys/fs/cgroup/my\\040tree rw,relatime shared:9 - cgroup2 cgroup2 rw\n");
        Files.writeString(self, "9:name=systemd:/\n0::/ns/app.service\n");
        Cgroups.Location l = Cgroups.locate(mountinfo, self);
        assertEquals(Path.of("/sys/fs/cgroup/my tree"), l.mount());
        assertEquals(Path.of("/sys/fs/cgroup/my tree/app.service"), l.daemonDir());
        assertNull(l.missing());

        Files.writeString(mountinfo, "24 1 0:22 / /sys rw - sysfs sysfs rw\n");
        assertEquals("none is mounted", Cgroups.locate(mountinfo, self).missing());
    }

    @Test
    void anOutOfMemoryKillIsSaidAndDescribed() throws Exception {
        assumeTrue(offers("memory"), "the daemon's cgroup offers no memory controller here: the kill cannot be "
                + "provoked (the code path is in ProcessCgroup.exited)");
        assumeTrue(Files.readAllLines(Path.of("/proc/swaps")).size() <= 1, "swap is on: 100 MB would be swapped");
        String programs = "[program:hog]\ncommand=python3 -c \"b = b'x' * (100 << 20); import time; "
                + "time.sleep(100)\"\nstartsecs=0\nautorestart=false\nmemory_max=20MB\n";
        try (EngineFixture f = new EngineFixture(dir, programs)) {
            f.awaitState("hog", EXITED, 30);
            assertTrue(f.info("hog").description().endsWith(", " + ProcessCgroup.OUT_OF_MEMORY),
                    f.info("hog").description());
            assertTrue(f.logLines().contains("WARN 'hog' was killed by the kernel: out of memory (memory.events of "
                    + base().resolve("hog.hog") + ")"), f.logText());
        }
    }

    @Test
    void pidsMaxStopsAForkBombAtItsLimit() throws Exception {
        assumeTrue(offers("pids"), "the daemon's cgroup offers no pids controller here");
        String programs = "[program:bomb]\ncommand=sh -c \"for i in 1 2 3 4 5 6 7 8 9 10; do sleep 1000 & done; "
                + "exec sleep 1000\"\nstartsecs=0\npids_max=5\n";
        try (EngineFixture f = new EngineFixture(dir, programs)) {
            Path procs = base().resolve("bomb.bomb").resolve("cgroup.procs");
            f.awaitState("bomb", RUNNING, 10);
            // the shell's tenth "&" fails long before this: five processes at most, the shell one of them
            Thread.sleep(500);
            assertEquals(5, Files.readAllLines(procs).size());
            assertEquals("5", Files.readString(base().resolve("bomb.bomb").resolve("pids.max")).trim());
        }
    }
}
