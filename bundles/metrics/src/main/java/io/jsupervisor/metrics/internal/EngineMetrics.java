package io.jsupervisor.metrics.internal;

import io.jsupervisor.api.process.EngineStatistics;
import io.jsupervisor.metrics.internal.Exposition.Type;

/** The engine's own counters: output bytes per process and stream, listener pools, log handlers. */
final class EngineMetrics {
    private EngineMetrics() {}

    static void write(Exposition x, EngineStatistics s) {
        x.family("jsupervisor_process_output_bytes", Type.COUNTER,
                "Bytes the process's children wrote to stdout or stderr, whatever their log does with them.");
        for (EngineStatistics.ProcessOutput o : s.output()) {
            x.sample(o.stdoutBytes(), "group", o.group(), "name", o.name(), "stream", "stdout");
            x.sample(o.stderrBytes(), "group", o.group(), "name", o.name(), "stream", "stderr");
        }
        x.family("jsupervisor_listener_pool_events", Type.COUNTER,
                "Events offered to an event listener pool (those it subscribes to).");
        for (EngineStatistics.PoolEvents p : s.pools()) {
            x.sample(p.offered(), "pool", p.pool());
        }
        x.family("jsupervisor_listener_pool_dropped_events", Type.COUNTER,
                "Events an event listener pool dropped because its buffer (buffer_size) was full.");
        for (EngineStatistics.PoolEvents p : s.pools()) {
            x.sample(p.dropped(), "pool", p.pool());
        }
        x.family("jsupervisor_listener_pool_buffered_events", Type.GAUGE,
                "Events waiting in an event listener pool's buffer for a listener to be ready.");
        for (EngineStatistics.PoolEvents p : s.pools()) {
            x.sample(p.buffered(), "pool", p.pool());
        }
        x.family("jsupervisor_log_handler_queue", Type.GAUGE,
                "Log records waiting for the log handlers (syslog and other destinations).");
        x.sample(s.logHandlerQueue());
        x.family("jsupervisor_log_handler_dropped_records", Type.COUNTER,
                "Log records dropped because the log handlers' queue was full.");
        x.sample(s.logHandlerDropped());
    }
}
