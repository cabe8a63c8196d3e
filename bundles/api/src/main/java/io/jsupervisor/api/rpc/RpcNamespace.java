package io.jsupervisor.api.rpc;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/** The methods of one namespace, named without the namespace ({@code getState}). */
@ConsumerType
public interface RpcNamespace {
    List<RpcMethod> methods();
}
