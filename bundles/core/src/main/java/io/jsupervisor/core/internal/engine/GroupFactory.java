package io.jsupervisor.core.internal.engine;

import io.jsupervisor.api.config.LogStreamConfig;
import io.jsupervisor.api.config.ProcessConfig;
import io.jsupervisor.api.config.ProcessGroupConfig;
import io.jsupervisor.api.config.SupervisorConfig;
import io.jsupervisor.core.internal.log.ActivityLog;
import io.jsupervisor.core.internal.log.ChildLogDir;
import java.io.IOException;
import java.nio.file.Path;
import jnr.posix.POSIX;

/**
 * Builds a group's runtime from its config: its processes (creating their AUTO log files, and
 * their cgroups' place when they ask for one), the socket an [fcgi-program:x] group shares, the
 * pool of an [eventlistener:x] group.
 */
final class GroupFactory {
    private final SupervisorConfig daemonConfig;
    private final EngineContext ctx;
    private final ActivityLog log;
    private final POSIX posix;

    /** @param daemonConfig the config the daemon started with (childlogdir, identifier) */
    GroupFactory(SupervisorConfig daemonConfig, EngineContext ctx, ActivityLog log, POSIX posix) {
        this.daemonConfig = daemonConfig;
        this.ctx = ctx;
        this.log = log;
        this.posix = posix;
    }

    GroupRuntime create(ProcessGroupConfig gc) throws IOException {
        GroupRuntime group = new GroupRuntime(gc);
        for (ProcessConfig pc : gc.processes()) {
            Path out = autoLog(pc, pc.stdout(), "stdout");
            Path err = pc.redirectStderr() ? null : autoLog(pc, pc.stderr(), "stderr");
            ProcessRuntime process = new ProcessRuntime(pc, gc.name(), ctx, out, err);
            process.cgroup = ctx.cgroups().forProcess(gc, pc);
            group.processes.put(pc.name(), process);
        }
        if (gc.type() == ProcessGroupConfig.GroupType.FCGI_PROGRAM && gc.socket() != null) {
            FcgiSocket socket = new FcgiSocket(gc.socket(), log, posix);
            socket.check();
            group.fcgiSocket = socket;
            group.processes.values().forEach(p -> p.shareSocket(socket));
        }
        if (gc.type() == ProcessGroupConfig.GroupType.EVENTLISTENER && gc.listener() != null) {
            ListenerPool pool = new ListenerPool(group, gc.listener(), log, daemonConfig.supervisord().identifier());
            group.pool = pool;
            group.processes.values().forEach(p -> p.joinPool(pool));
        }
        return group;
    }

    private Path autoLog(ProcessConfig pc, LogStreamConfig stream, String channel) throws IOException {
        if (stream.target() != LogStreamConfig.Target.AUTO) {
            return null;
        }
        return ChildLogDir.createAutoLog(Path.of(daemonConfig.supervisord().childlogdir()), pc.name(),
                daemonConfig.supervisord().identifier(), channel);
    }
}
