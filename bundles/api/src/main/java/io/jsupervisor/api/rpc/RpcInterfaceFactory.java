package io.jsupervisor.api.rpc;

import io.jsupervisor.api.process.ProcessManager;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/** Makes the namespace of one {@code [rpcinterface:x]} section. A DS service. */
@ConsumerType
public interface RpcInterfaceFactory {
    /**
     * The service property naming what this factory answers to in a config file, e.g.
     * {@code supervisor.rpcinterface:make_main_rpcinterface}.
     */
    String FACTORY_PROPERTY = "jsupervisor.rpcinterface.factory";

    /**
     * @param manager the running daemon
     * @param options the section's keys other than {@code supervisor.rpcinterface_factory}
     * @throws IllegalArgumentException when the options are unusable (reported in the activity log)
     */
    RpcNamespace create(ProcessManager manager, Map<String, String> options);
}
