package io.jsupervisor.rpcinterface.internal.supervisor;

import io.jsupervisor.api.process.Fault;
import io.jsupervisor.api.process.ProcessManager;
import io.jsupervisor.api.process.SupervisorException;
import io.jsupervisor.api.rpc.RpcMethod;
import io.jsupervisor.api.rpc.RpcNamespace;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@code jsupervisor} namespace: what jsupervisor adds over the reference's RPC interface,
 * kept out of {@code supervisor.*} so that namespace stays exactly the reference's. Served on
 * every HTTP server whatever the config says, as {@code system.*} is.
 */
public final class JsupervisorNamespace implements RpcNamespace {
    /** The namespace's name in {@code namespace.method}. */
    public static final String NAME = "jsupervisor";

    static final String ROLLING_RESTART_HELP = """
            Restart the processes of a group a batch at a time, in the group's priority order: stop
            the batch, start it again, and wait until each of its processes is ready (RUNNING, and
            its ready_check passing if it has one) before the next batch. The first process that
            exits or is not ready in time stops the roll; the processes after it keep running as
            they were.

            @param string name    the group
            @param int batch      how many processes to restart at once (default 1)
            @return array result  one struct per process of the group: name, group, status,
                                  description; status 80 (SUCCESS) for each one restarted, the
                                  fault of the one that stopped the roll, 30 (FAILED, 'not
                                  restarted') for those after it""";

    static final String START_DEPENDENCIES_HELP = """
            The processes a start of this one would start first, in the order it would start
            them: those it depends on (depends_on, directly or not) that are not ready now.

            @param string name    the process (or group:process)
            @return array result  their names as group:process (or name when the group is
                                  the program); empty when nothing waits to be started""";

    private final List<RpcMethod> methods;

    public JsupervisorNamespace(ProcessManager manager) {
        this.methods = List.of(new RpcMethod("rollingRestart", List.of(List.of("array", "string", "int")),
                ROLLING_RESTART_HELP, params -> rollingRestart(manager, params)),
                new RpcMethod("startDependencies", List.of(List.of("array", "string")), START_DEPENDENCIES_HELP,
                        params -> startDependencies(manager, params)));
    }

    @Override
    public List<RpcMethod> methods() {
        return methods;
    }

    private static CompletionStage<Object> startDependencies(ProcessManager manager, List<Object> params) {
        PyValues.checkCount(params, 1, 1);
        if (!(PyValues.normalise(params.get(0)) instanceof String name)) {
            throw PyValues.incorrectParameters();
        }
        return CompletableFuture.completedFuture(new ArrayList<Object>(manager.startDependencies(name)));
    }

    private static CompletionStage<Object> rollingRestart(ProcessManager manager, List<Object> params) {
        PyValues.checkCount(params, 1, 2);
        if (!(PyValues.normalise(params.get(0)) instanceof String group)) {
            throw PyValues.incorrectParameters();
        }
        int batch = 1;
        if (params.size() == 2) {
            if (!(params.get(1) instanceof Integer n)) {
                throw new SupervisorException(Fault.BAD_ARGUMENTS, "batch must be an int");
            }
            batch = n;
        }
        return Stages.map(manager.rollingRestart(group, batch), ProcessStructs::results);
    }
}
