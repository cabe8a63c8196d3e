package io.jsupervisor.api.rpc;

import java.util.List;

/** The methods of one namespace, named without the namespace ({@code getState}). */
public interface RpcNamespace {
    List<RpcMethod> methods();
}
