package io.jsupervisor.api.rpc;

/** An XML-RPC fault with any code, for namespaces whose faults are not Supervisor's. */
public class RpcFault extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int code;

    public RpcFault(int code, String faultString) {
        super(faultString);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
