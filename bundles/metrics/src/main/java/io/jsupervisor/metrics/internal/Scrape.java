package io.jsupervisor.metrics.internal;

import io.jsupervisor.api.process.EngineStatistics;
import io.jsupervisor.api.process.ProcessInfo;
import io.jsupervisor.api.process.SupervisorState;
import io.jsupervisor.rpcinterface.http.RpcCallStatistics;
import java.util.List;

/** One scrape: the process snapshot, a single reading of /proc and the counters, as one exposition. */
final class Scrape {
    /** Bytes of text per process, roughly, so the buffer is sized once. */
    private static final int BYTES_PER_PROCESS = 1600;

    private Scrape() {}

    static String render(Exposition.Format format, List<ProcessInfo> infos, SupervisorState state,
            long daemonPid, EventTally tally) {
        return render(format, infos, state, daemonPid, tally, null, List.of());
    }

    /**
     * @param engine the engine's counters, or null to leave their families out
     * @param rpcCalls the XML-RPC calls so far, by method
     */
    static String render(Exposition.Format format, List<ProcessInfo> infos, SupervisorState state,
            long daemonPid, EventTally tally, EngineStatistics engine, List<RpcCallStatistics.MethodCalls> rpcCalls) {
        ProcTable proc = ProcTable.read();
        Exposition x = new Exposition(format, 8192 + BYTES_PER_PROCESS * infos.size());
        ProcessMetrics.write(x, infos, tally, proc, System.currentTimeMillis());
        DaemonMetrics.write(x, infos, state, daemonPid, tally, proc);
        if (engine != null) {
            EngineMetrics.write(x, engine);
        }
        RpcMetrics.write(x, rpcCalls);
        return x.finish();
    }
}
