package io.jsupervisor.core.internal.engine;

import io.jsupervisor.api.process.Fault;
import io.jsupervisor.api.process.ProcessResult;
import io.jsupervisor.api.process.SupervisorException;
import io.jsupervisor.core.internal.log.ActivityLog;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The rolling restarts under way, one at most per group, and the checks before one begins.
 * Engine thread only.
 */
final class RollingRestarts {
    private final ProcessTable table;
    private final ProcessCommands commands;
    private final EventLoop loop;
    private final ActivityLog log;
    /** Throws SHUTDOWN_STATE once the daemon stops: checked before each batch is started. */
    private final Runnable requireRunning;
    private final Set<String> rolling = new HashSet<>();

    RollingRestarts(ProcessTable table, ProcessCommands commands, EventLoop loop, ActivityLog log,
            Runnable requireRunning) {
        this.table = table;
        this.commands = commands;
        this.loop = loop;
        this.log = log;
        this.requireRunning = requireRunning;
    }

    /** Begins a rolling restart of {@code group}; completes with one result per process when it ends. */
    CompletableFuture<List<ProcessResult>> start(String group, int batch) {
        if (batch < 1) {
            throw new SupervisorException(Fault.BAD_ARGUMENTS, "batch must be 1 or more, not " + batch);
        }
        GroupRuntime g = table.group(group);
        if (!rolling.add(group)) {
            throw new SupervisorException(Fault.ALREADY_STARTED, "a rolling restart of " + group + " is under way");
        }
        RollingRestart roll = new RollingRestart(group, ProcessTable.byPriority(g), batch, commands, loop, log,
                requireRunning);
        // the roll completes on this thread, so the group is free again before any caller hears of it
        return roll.run().whenComplete((results, failure) -> rolling.remove(group));
    }
}
