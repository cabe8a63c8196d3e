package io.jsupervisor.api.rpc;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Runs a method. Throw (or fail the stage with) a {@link
 * io.jsupervisor.api.process.SupervisorException} for a fault, or an {@link RpcFault} for a fault
 * with a code of the namespace's own; wrong parameter counts or types are the caller's to check
 * and answer with INCORRECT_PARAMETERS.
 */
@ConsumerType
@FunctionalInterface
public interface RpcHandler {
    CompletionStage<Object> invoke(List<Object> params);
}
