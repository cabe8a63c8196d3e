package io.jsupervisor.eventlisteners.internal;

import io.jsupervisor.api.config.LogLevel;
import io.jsupervisor.api.event.EventType;
import io.jsupervisor.api.process.ProcessInfo;
import io.jsupervisor.api.process.ProcessState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code type = memory-limit}, superlance's memmon inside the daemon: each check reads the
 * resident memory of every RUNNING listed process ({@code VmRSS} of {@code /proc/<pid>/status},
 * {@code /proc/<pid>/statm} as a fallback; with {@code cumulative = true} its descendants'
 * too) and restarts the processes over {@code rss}.
 */
final class MemoryLimit extends PeriodicListener {
    static final Set<String> OPTIONS = Set.of("programs", "rss", "cumulative", "interval");
    private static final long PAGE = 4096;

    private final Programs programs;
    private final long limit;
    private final boolean cumulative;

    MemoryLimit(String name, Control control, Programs programs, long limit, boolean cumulative, long intervalMillis) {
        super(name, control, EventType.TICK_5, intervalMillis);
        this.programs = programs;
        this.limit = limit;
        this.cumulative = cumulative;
    }

    static MemoryLimit create(Options o, Control control) {
        o.allowOnly(OPTIONS);
        Programs programs = Programs.parse(o.required("programs"));
        long limit = Options.byteSize("rss", o.required("rss"));
        boolean cumulative = o.bool("cumulative", false);
        long interval = o.has("interval") ? o.seconds("interval", 5, 0.1) : 0;
        return new MemoryLimit(o.name(), control, programs, limit, cumulative, interval);
    }

    @Override
    String describe() {
        return "memory-limit: restart " + programs + " when " + (cumulative ? "its processes' resident memory" : "its resident memory")
                + " exceeds " + Options.human(limit) + ", checked " + every();
    }

    @Override
    void check() {
        for (ProcessInfo p : control.processes()) {
            if (p.state() != ProcessState.RUNNING || p.pid() <= 0 || !programs.matches(p.group(), p.name())
                    || isRestarting(p)) {
                continue;
            }
            long rss = cumulative ? cumulativeRss(p.pid()) : rss(p.pid());
            if (rss > limit) {
                log(LogLevel.WARN, p.namespec() + " (pid " + p.pid() + ") uses " + Options.human(rss)
                        + " of resident memory" + (cumulative ? " with its descendants" : "")
                        + ", over its limit of " + Options.human(limit) + ": restarting it");
                restart(p);
            }
        }
    }

    static long cumulativeRss(long pid) {
        long total = Math.max(0, rss(pid));
        for (ProcessHandle h : (Iterable<ProcessHandle>) ProcessHandle.of(pid).stream()
                .flatMap(ProcessHandle::descendants)::iterator) {
            total += Math.max(0, rss(h.pid()));
        }
        return total;
    }

    /** The resident memory of {@code pid} in bytes, or -1 when it cannot be read (gone). */
    static long rss(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            long kb = vmRssKb(Files.readString(proc.resolve("status")));
            if (kb >= 0) {
                return kb * 1024;
            }
            return statmRssPages(Files.readString(proc.resolve("statm"))) * PAGE;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** {@code VmRSS:    1234 kB} of a {@code status} file, in kB; -1 when absent (a zombie). */
    static long vmRssKb(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] f = line.substring(6).strip().split("\\s+");
                return Long.parseLong(f[0]);
            }
        }
        return -1;
    }

    /** The second field of a {@code statm} file: resident pages. */
    static long statmRssPages(String statm) {
        return Long.parseLong(statm.strip().split("\\s+")[1]);
    }
}
