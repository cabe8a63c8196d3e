package io.jsupervisor.metrics.internal;

import io.jsupervisor.api.event.EventType;
import io.jsupervisor.api.process.ProcessInfo;
import io.jsupervisor.api.process.ProcessState;
import io.jsupervisor.api.process.SupervisorState;
import io.jsupervisor.metrics.internal.Exposition.Type;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * The daemon-wide families: its state, processes by state, events by type, its own resident
 * memory and CPU time, and the JVM's heap, threads and garbage collectors.
 */
final class DaemonMetrics {
    private DaemonMetrics() {}

    static void write(Exposition x, List<ProcessInfo> infos, SupervisorState state, long daemonPid,
            EventTally tally, ProcTable proc) {
        x.family("jsupervisor_daemon_state", Type.GAUGE, "1 for the daemon's state (RUNNING, RESTARTING, SHUTDOWN, FATAL), 0 for the others.");
        for (SupervisorState s : SupervisorState.values()) {
            x.sample(s == state ? 1 : 0, "state", s.name());
        }
        int[] byState = new int[ProcessState.values().length];
        for (ProcessInfo p : infos) {
            byState[p.state().ordinal()]++;
        }
        x.family("jsupervisor_processes", Type.GAUGE, "Processes in each state.");
        for (ProcessState s : ProcessState.values()) {
            x.sample(byState[s.ordinal()], "state", s.name());
        }
        x.family("jsupervisor_events", Type.COUNTER, "Events the daemon raised since it started, by type.");
        for (EventType t : EventType.values()) {
            if (!t.isAbstract()) {
                x.sample(tally.count(t), "type", t.name());
            }
        }
        ProcTable.Usage self = proc.process(daemonPid);
        x.family("jsupervisor_daemon_resident_memory_bytes", Type.GAUGE, "Resident memory of the daemon process itself, from /proc.");
        x.sample(self.residentBytes());
        x.family("jsupervisor_daemon_cpu_seconds", Type.COUNTER, "CPU time (user and system) of the daemon process itself, from /proc.");
        x.sample(self.cpuSeconds());
        writeJvm(x);
    }

    private static void writeJvm(Exposition x) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        x.family("jsupervisor_jvm_heap_used_bytes", Type.GAUGE, "Heap in use.");
        x.sample(heap.getUsed());
        x.family("jsupervisor_jvm_heap_committed_bytes", Type.GAUGE, "Heap committed by the JVM.");
        x.sample(heap.getCommitted());
        x.family("jsupervisor_jvm_heap_max_bytes", Type.GAUGE, "The most heap the JVM may use, -1 when unbounded.");
        x.sample(heap.getMax());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        x.family("jsupervisor_jvm_threads", Type.GAUGE, "Live JVM threads.");
        x.sample(threads.getThreadCount());
        List<GarbageCollectorMXBean> gcs = ManagementFactory.getGarbageCollectorMXBeans();
        x.family("jsupervisor_jvm_gc_collections", Type.COUNTER, "Collections by garbage collector.");
        for (GarbageCollectorMXBean gc : gcs) {
            x.sample(Math.max(0, gc.getCollectionCount()), "gc", gc.getName());
        }
        x.family("jsupervisor_jvm_gc_collection_seconds", Type.COUNTER, "Time spent collecting, by garbage collector.");
        for (GarbageCollectorMXBean gc : gcs) {
            x.sample(Math.max(0, gc.getCollectionTime()) / 1000.0, "gc", gc.getName());
        }
    }
}
