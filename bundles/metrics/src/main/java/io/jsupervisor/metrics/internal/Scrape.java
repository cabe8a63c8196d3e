package io.jsupervisor.metrics.internal;

import io.jsupervisor.api.process.ProcessInfo;
import io.jsupervisor.api.process.SupervisorState;
import java.util.List;

/** One scrape: the process snapshot, a single reading of /proc and the counters, as one exposition. */
final class Scrape {
    /** Bytes of text per process, roughly, so the buffer is sized once. */
    private static final int BYTES_PER_PROCESS = 1600;

    private Scrape() {}

    static String render(Exposition.Format format, List<ProcessInfo> infos, SupervisorState state,
            long daemonPid, EventTally tally) {
        ProcTable proc = ProcTable.read();
        Exposition x = new Exposition(format, 8192 + BYTES_PER_PROCESS * infos.size());
        ProcessMetrics.write(x, infos, tally, proc, System.currentTimeMillis());
        DaemonMetrics.write(x, infos, state, daemonPid, tally, proc);
        return x.finish();
    }
}
