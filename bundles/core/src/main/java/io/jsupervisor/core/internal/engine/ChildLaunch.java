package io.jsupervisor.core.internal.engine;

import java.io.IOException;

/**
 * The reference's spawn steps once the process is STARTING: take the pool's socket (for an
 * {@code [fcgi-program:x]}), resolve the command, make its cgroup (when it has one), open the log
 * files and pipes, fork. Each failure gives the reference's spawnerr (or, for the cgroup,
 * jsupervisor's) and leaves nothing open. Engine thread only.
 */
final class ChildLaunch {
    /** A child and what it holds, or (with everything else null) the spawnerr of a failure. */
    record Result(Spawner.Child child, ProcessOutput.Logs logs, FcgiSocket.Lease lease, String spawnerr) {
        static Result failed(String spawnerr) {
            return new Result(null, null, null, spawnerr);
        }
    }

    private ChildLaunch() {}

    static Result launch(ProcessRuntime process, EngineContext ctx, ProcessOutput output, FcgiSocket fcgiSocket) {
        String name = process.config.name();
        FcgiSocket.Lease lease = null;
        int socket = -1;
        if (fcgiSocket != null) {
            // the reference's before_spawn: the pool's socket exists while a process holds it
            try {
                lease = fcgiSocket.acquire();
                socket = lease.fd();
            } catch (IOException e) {
                return Result.failed("could not create FastCGI socket for '" + name + "': " + e.getMessage());
            }
        }
        Result result = launch(process, ctx, output, socket);
        if (result.spawnerr() != null) {
            if (lease != null) {
                lease.release();
            }
            return result;
        }
        return new Result(result.child(), result.logs(), lease, null);
    }

    private static Result launch(ProcessRuntime process, EngineContext ctx, ProcessOutput output, int socket) {
        String name = process.config.name();
        Spawner.Command command;
        try {
            command = ctx.spawner().resolve(process.config.command());
        } catch (Spawner.CommandException e) {
            return Result.failed(e.getMessage());
        }
        String cgroupProcs = null;
        if (process.cgroup != null) {
            try {
                cgroupProcs = process.cgroup.prepare();
            } catch (IOException e) {
                return Result.failed("could not make the cgroup of '" + name + "': " + Errnos.describe(e));
            }
        }
        ProcessOutput.Logs logs;
        try {
            ctx.spawner().claimDescriptors();
            logs = output.open();
        } catch (IOException e) {
            return Result.failed(Errnos.dispatcherFailure(name, Errnos.of(e)));
        }
        try {
            Spawner.Child child = ctx.spawner().spawn(command, ctx.childEnvironment(process),
                    process.config.directory(), process.config.umask(), process.config.user(),
                    process.config.redirectStderr(), socket, cgroupProcs);
            return new Result(child, logs, null, null);
        } catch (Spawner.SpawnFailure e) {
            logs.close();
            return Result.failed(e.spawnerr(name));
        }
    }
}
