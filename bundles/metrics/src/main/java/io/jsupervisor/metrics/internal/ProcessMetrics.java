package io.jsupervisor.metrics.internal;

import io.jsupervisor.api.process.ProcessInfo;
import io.jsupervisor.api.process.ProcessState;
import io.jsupervisor.metrics.internal.Exposition.Type;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * The per-process families, labelled {@code group} and {@code name}: state (one 0/1 series per
 * state), uptime, starts, restarts, last exit status, time in BACKOFF, and the resident memory
 * and CPU time of the process tree.
 */
final class ProcessMetrics {
    private static final ProcessState[] STATES = ProcessState.values();

    private ProcessMetrics() {}

    static void write(Exposition x, List<ProcessInfo> infos, EventTally tally, ProcTable proc, long nowMillis) {
        int n = infos.size();
        ProcessHistory.Counts[] counts = new ProcessHistory.Counts[n];
        ProcTable.Usage[] usage = new ProcTable.Usage[n];
        for (int i = 0; i < n; i++) {
            ProcessInfo p = infos.get(i);
            counts[i] = tally.counts(p.group(), p.name(), nowMillis);
            usage[i] = p.pid() > 0 ? proc.tree(p.pid()) : ProcTable.Usage.NONE;
        }

        x.family("jsupervisor_process_state", Type.GAUGE, "1 for the state the process is in, 0 for the others.");
        for (ProcessInfo p : infos) {
            for (ProcessState s : STATES) {
                x.sample(p.state() == s ? 1 : 0, "group", p.group(), "name", p.name(), "state", s.name());
            }
        }
        perProcess(x, infos, "jsupervisor_process_uptime_seconds", Type.GAUGE,
                "Seconds since the process started, 0 when it is not RUNNING.",
                i -> infos.get(i).state() == ProcessState.RUNNING ? Math.max(0, infos.get(i).now() - infos.get(i).start()) : 0);
        perProcess(x, infos, "jsupervisor_process_starts", Type.COUNTER,
                "Times the process entered STARTING since the daemon started.", i -> counts[i].starts());
        perProcess(x, infos, "jsupervisor_process_restarts", Type.COUNTER,
                "Times the daemon started the process again after it exited or failed to start (from EXITED or BACKOFF).",
                i -> counts[i].restarts());
        perProcess(x, infos, "jsupervisor_process_last_exit_status", Type.GAUGE,
                "The exit status of the process's last exit, 0 before any.", i -> infos.get(i).exitstatus());
        perProcess(x, infos, "jsupervisor_process_backoff_seconds", Type.COUNTER,
                "Seconds the process spent in BACKOFF since the daemon started.", i -> counts[i].backoffSeconds());
        perProcess(x, infos, "jsupervisor_process_resident_memory_bytes", Type.GAUGE,
                "Resident memory of the process and its descendants, from /proc; 0 when it has no pid.",
                i -> usage[i].residentBytes());
        perProcess(x, infos, "jsupervisor_process_cpu_seconds", Type.COUNTER,
                "CPU time (user and system) of the process, its live descendants and its reaped children, from /proc.",
                i -> usage[i].cpuSeconds());
    }

    /** One family with a sample per process, {@code value} taking the process's index. */
    private static void perProcess(Exposition x, List<ProcessInfo> infos, String name, Type type, String help,
            IntToDoubleFunction value) {
        x.family(name, type, help);
        for (int i = 0; i < infos.size(); i++) {
            x.sample(value.applyAsDouble(i), "group", infos.get(i).group(), "name", infos.get(i).name());
        }
    }
}
