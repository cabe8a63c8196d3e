package io.jsupervisor.core.internal.engine;

import io.jsupervisor.core.internal.log.ActivityLog;
import io.jsupervisor.pycompat.PyRepr;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One process's cgroup v2 directory ({@link Cgroups} says where): made with its limits before a
 * spawn (the child joins it before it execs, see {@link Spawner}), emptied with
 * {@code cgroup.kill} when the process is stopped, so that what it forked dies with it, and
 * removed once empty. Engine thread only, but for {@link #removeAtExit}.
 */
final class ProcessCgroup {
    /** What getProcessInfo's description says after an out-of-memory kill. */
    static final String OUT_OF_MEMORY = "killed by the kernel: out of memory";
    private static final int SIGKILL = 9;
    /** A stopped cgroup is looked at every 10 ms, for 5 s at most, until it can be removed. */
    private static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final int SWEEPS = 500;

    private final Path dir;
    /** The limits: interface file to value ({@code memory.max} to {@code 20971520}). */
    private final Map<String, String> limits;
    private final EventLoop loop;
    private final ActivityLog log;
    /** Counts spawns: a removal planned before a spawn must not pull the cgroup from under the child. */
    private int spawns;
    /** memory.events' oom_kill at the last spawn; -1 when no memory limit is applied. */
    private long oomKillsAtSpawn = -1;
    private boolean outOfMemory;

    ProcessCgroup(Path dir, Map<String, String> limits, EventLoop loop, ActivityLog log) {
        this.dir = dir;
        this.limits = Map.copyOf(limits);
        this.loop = loop;
        this.log = log;
    }

    Path dir() {
        return dir;
    }

    /** Whether the last run ended in the kernel's out-of-memory kill. */
    boolean outOfMemory() {
        return outOfMemory;
    }

    /** Before a spawn: the cgroup exists with its limits. Returns the file the child writes its pid to. */
    String prepare() throws IOException {
        spawns++;
        outOfMemory = false;
        if (!Files.isDirectory(dir)) {
            Files.createDirectory(dir);
            try {
                for (Map.Entry<String, String> limit : limits.entrySet()) {
                    Files.writeString(dir.resolve(limit.getKey()), limit.getValue());
                }
            } catch (IOException e) {
                Files.deleteIfExists(dir);
                throw e;
            }
        }
        oomKillsAtSpawn = limits.keySet().stream().anyMatch(f -> f.startsWith("memory.")) ? oomKills() : -1;
        return dir.resolve("cgroup.procs").toString();
    }

    /** SIGKILL to every process in the cgroup: at once with cgroup.kill (Linux 5.14), else one by one. */
    void killAll() {
        try {
            Path kill = dir.resolve("cgroup.kill");
            if (Files.exists(kill)) {
                Files.writeString(kill, "1");
                return;
            }
            for (String pid : Files.readAllLines(dir.resolve("cgroup.procs"))) {
                ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
            }
        } catch (NoSuchFileException e) {
            // never made, or already removed: nothing in it
        } catch (IOException e) {
            log.warn("could not kill the processes of cgroup " + dir + ": " + Errnos.describe(e));
        }
    }

    /**
     * The process was reaped with wait status {@code rawStatus}. When it was being stopped, what
     * it left in its cgroup is killed and the cgroup removed once empty. A SIGKILL that
     * memory.events counts as the kernel's out-of-memory kill is said in the activity log and
     * kept for getProcessInfo's description ({@link #outOfMemory}).
     */
    void exited(String name, int rawStatus, boolean stopping) {
        outOfMemory = (rawStatus & 0x7f) == SIGKILL && oomKillsAtSpawn >= 0 && oomKills() > oomKillsAtSpawn;
        if (outOfMemory) {
            log.warn(PyRepr.repr(name) + " was " + OUT_OF_MEMORY + " (memory.events of " + dir + ")");
        }
        if (stopping) {
            killAll();
            removeWhenEmpty(spawns, SWEEPS);
        }
    }

    private void removeWhenEmpty(int spawn, int sweepsLeft) {
        if (spawn != spawns) {
            return; // spawned again since: the cgroup is in use
        }
        if (populated() && sweepsLeft > 0) {
            loop.at(System.nanoTime() + SWEEP_NANOS, () -> removeWhenEmpty(spawn, sweepsLeft - 1));
            return;
        }
        remove();
    }

    /** At the daemon's exit, after {@link #killAll}: waits until {@code endNanos} for it to empty, removes it. */
    void removeAtExit(long endNanos) {
        try {
            while (populated() && System.nanoTime() - endNanos < 0) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        remove();
    }

    private void remove() {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            log.warn("could not remove cgroup " + dir + ": " + Errnos.describe(e));
        }
    }

    /** Whether a process is still in it (cgroup.events' {@code populated 1}). */
    private boolean populated() {
        return eventCount("cgroup.events", "populated") > 0;
    }

    private long oomKills() {
        return eventCount("memory.events", "oom_kill");
    }

    /** A {@code key value} line of one of its interface files; 0 when the file or line is missing. */
    private long eventCount(String file, String key) {
        try {
            for (String line : Files.readAllLines(dir.resolve(file))) {
                if (line.startsWith(key + " ")) {
                    return Long.parseLong(line.substring(key.length() + 1).trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone with the cgroup
        }
        return 0;
    }
}
