package io.jsupervisor.api.rpc;

import java.util.List;

/**
 * One XML-RPC method.
 *
 * @param name the name without the namespace
 * @param signatures for {@code system.methodSignature}: each list is the return type followed by
 *     the parameter types, as XML-RPC type names ({@code boolean}, {@code int}, {@code string},
 *     {@code array}, {@code struct}, {@code base64}, {@code double}, {@code dateTime.iso8601})
 * @param help for {@code system.methodHelp}
 * @param handler does the work
 */
public record RpcMethod(String name, List<List<String>> signatures, String help, RpcHandler handler) {
    public RpcMethod {
        signatures = List.copyOf(signatures);
    }
}
