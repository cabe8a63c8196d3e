package io.jsupervisor.metrics.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One reading of {@code /proc/<pid>/stat} for every process on the host, taken once per scrape,
 * so that a process tree (a program's pid and all its descendants) can be summed without reading
 * {@code /proc} per program. A process that ends while it is read is simply absent: its entries
 * vanish between the listing and the read, which is expected and never an error.
 */
final class ProcTable {
    /**
     * The kernel reports CPU times in USER_HZ ticks, which Linux fixes at 100 for user space on
     * every architecture (sysconf(_SC_CLK_TCK)), whatever the kernel's internal HZ.
     */
    static final double TICKS_PER_SECOND = 100.0;

    private static final Path PROC = Path.of("/proc");
    private static final long PAGE_SIZE = pageSize();

    /** What one process uses: resident bytes and CPU seconds (its own, and its reaped children's). */
    record Usage(long residentBytes, double cpuSeconds) {
        static final Usage NONE = new Usage(0, 0);
    }

    private record Stat(int ppid, long cpuTicks, long reapedChildTicks, long rssPages) {}

    private final Map<Integer, Stat> stats;
    private final Map<Integer, List<Integer>> children = new HashMap<>();

    private ProcTable(Map<Integer, Stat> stats) {
        this.stats = stats;
        stats.forEach((pid, s) -> children.computeIfAbsent(s.ppid, k -> new ArrayList<>(2)).add(pid));
    }

    /** Reads every process now; an unreadable {@code /proc} gives an empty table. */
    static ProcTable read() {
        Map<Integer, Stat> stats = new HashMap<>(1024);
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if (!name.isEmpty() && Character.isDigit(name.charAt(0))) {
                    Stat s = readStat(dir.resolve("stat"));
                    if (s != null) {
                        stats.put(Integer.parseInt(name), s);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc (not Linux, or hidepid): no usage figures rather than a failed scrape
        }
        return new ProcTable(stats);
    }

    /** One process alone (the daemon itself), or {@link Usage#NONE} when it is not there. */
    Usage process(long pid) {
        Stat s = stats.get((int) pid);
        return s == null ? Usage.NONE : new Usage(s.rssPages * PAGE_SIZE, (s.cpuTicks + s.reapedChildTicks) / TICKS_PER_SECOND);
    }

    /**
     * A process and its descendants: their resident memory summed, and their CPU time plus what
     * the root's reaped children used (so the figure does not drop when a child exits).
     */
    Usage tree(long pid) {
        Stat root = stats.get((int) pid);
        if (root == null || pid <= 0) {
            return Usage.NONE;
        }
        long rss = 0;
        long ticks = root.reapedChildTicks;
        ArrayDeque<Integer> todo = new ArrayDeque<>();
        todo.add((int) pid);
        while (!todo.isEmpty()) {
            Integer p = todo.poll();
            Stat s = stats.get(p);
            if (s != null) {
                rss += s.rssPages;
                ticks += s.cpuTicks;
            }
            todo.addAll(children.getOrDefault(p, List.of()));
        }
        return new Usage(rss * PAGE_SIZE, ticks / TICKS_PER_SECOND);
    }

    private static Stat readStat(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            return null; // the process ended since the listing
        }
        return parseStat(text);
    }

    /**
     * Fields of {@code /proc/<pid>/stat} after the command name, which is in parentheses and may
     * itself hold spaces and parentheses (so the last ')' ends it): state is field 3, ppid 4,
     * utime 14, stime 15, cutime 16, cstime 17, rss 24.
     */
    private static Stat parseStat(String text) {
        int close = text.lastIndexOf(')');
        if (close < 0) {
            return null;
        }
        String[] f = text.substring(close + 2).trim().split(" ");
        if (f.length < 22) {
            return null;
        }
        try {
            return new Stat(Integer.parseInt(f[1]),
                    Long.parseLong(f[11]) + Long.parseLong(f[12]),
                    Long.parseLong(f[13]) + Long.parseLong(f[14]),
                    Long.parseLong(f[21]));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The kernel's page size, which rss is counted in (4 KiB on most hosts, 64 KiB on some arm64). */
    private static long pageSize() {
        try (BufferedReader r = Files.newBufferedReader(Path.of("/proc/self/smaps"), StandardCharsets.US_ASCII)) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("KernelPageSize:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through to the common size
        }
        return 4096;
    }
}
