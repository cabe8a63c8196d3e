package io.jsupervisor.rpcinterface.internal.supervisor;

import io.jsupervisor.api.process.ProcessManager;
import io.jsupervisor.api.rpc.RpcInterfaceFactory;
import io.jsupervisor.api.rpc.RpcNamespace;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * The built-in {@code supervisor} namespace, answering to the stock
 * {@code supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface}.
 */
@Component(property = RpcInterfaceFactory.FACTORY_PROPERTY + "=" + SupervisorRpcInterfaceFactory.FACTORY)
public final class SupervisorRpcInterfaceFactory implements RpcInterfaceFactory {
    public static final String FACTORY = "supervisor.rpcinterface:make_main_rpcinterface";

    /**
     * The reference calls {@code make_main_rpcinterface(supervisord, **options)}, which takes no
     * options: any key in the section is an unexpected keyword argument there.
     */
    @Override
    public RpcNamespace create(ProcessManager manager, Map<String, String> options) {
        if (!options.isEmpty()) {
            String key = options.keySet().iterator().next();
            throw new IllegalArgumentException(
                    "make_main_rpcinterface() got an unexpected keyword argument '" + key + "'");
        }
        return new SupervisorNamespace(manager);
    }
}
