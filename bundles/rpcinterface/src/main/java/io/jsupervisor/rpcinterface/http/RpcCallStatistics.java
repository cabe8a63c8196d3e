package io.jsupervisor.rpcinterface.http;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * How the daemon's XML-RPC methods have been called since it started: per method, the calls by
 * outcome and a histogram of how long they took to answer (a deferred start or stop counts until
 * its answer). A method name the daemon does not serve counts as {@link #UNKNOWN_METHOD}, so
 * callers cannot grow the table without bound. Registered as a service by the HTTP servers'
 * bundle; for {@code /metrics} and other readers.
 */
@ProviderType
public interface RpcCallStatistics {
    /** The method label of calls to a name that resolved to no method. */
    String UNKNOWN_METHOD = "(unknown)";

    /** The outcome of a call that answered a value. */
    String SUCCESS = "success";

    /** The upper bounds, in seconds, of the latency buckets before the last ({@code +Inf}). */
    List<Double> BUCKET_BOUNDS = List.of(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0, 30.0, 60.0);

    /** Every method called so far, by name. */
    List<MethodCalls> snapshot();

    /**
     * One method's calls.
     *
     * @param method {@code namespace.method}, or {@link #UNKNOWN_METHOD}
     * @param outcomes calls by outcome: {@link #SUCCESS}, a fault's name ({@code BAD_NAME},
     *     {@code UNKNOWN_METHOD}...), {@code FAULT_<code>} for a code Supervisor does not name, or
     *     {@code error} for a method that failed with no fault
     * @param buckets calls that answered within each bound of {@link #BUCKET_BOUNDS}, then all
     *     calls (cumulative, as a Prometheus histogram counts)
     * @param seconds the total time the calls took
     */
    record MethodCalls(String method, Map<String, Long> outcomes, List<Long> buckets, double seconds) {
        /** How many calls there were. */
        public long count() {
            return buckets.get(buckets.size() - 1);
        }
    }
}
