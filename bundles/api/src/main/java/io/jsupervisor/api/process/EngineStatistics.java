package io.jsupervisor.api.process;

import java.util.List;

/**
 * Counters for monitoring, read with {@link ProcessManager#statistics()}: what each process's
 * child wrote, what each event listener pool was offered and had to drop, and how far the log
 * handlers (syslog and other bundles' destinations) are behind. Counters start at zero when the
 * daemon starts (a process's when its group is added).
 *
 * @param output one entry per process, in group then process name order
 * @param pools one entry per {@code [eventlistener:x]} pool, by name
 * @param logHandlerQueue log records waiting for the log handlers now
 * @param logHandlerDropped log records the handlers' full queue dropped so far
 */
public record EngineStatistics(List<ProcessOutput> output, List<PoolEvents> pools, int logHandlerQueue,
        long logHandlerDropped) {

    public EngineStatistics {
        output = List.copyOf(output);
        pools = List.copyOf(pools);
    }

    /**
     * Bytes a process's children wrote to their stdout and stderr pipes, whatever became of them
     * (a log file, syslog, nothing with {@code NONE}).
     */
    public record ProcessOutput(String group, String name, long stdoutBytes, long stderrBytes) {}

    /**
     * One listener pool's events: offered to it, dropped because its buffer
     * ({@code buffer_size}) was full, and waiting in the buffer now.
     */
    public record PoolEvents(String pool, long offered, long dropped, int buffered) {}
}
