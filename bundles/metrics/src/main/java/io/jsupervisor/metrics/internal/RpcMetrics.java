package io.jsupervisor.metrics.internal;

import io.jsupervisor.metrics.internal.Exposition.Type;
import io.jsupervisor.rpcinterface.http.RpcCallStatistics;
import io.jsupervisor.rpcinterface.http.RpcCallStatistics.MethodCalls;
import java.util.List;
import java.util.Map;

/** The XML-RPC families: calls by method and outcome, and a latency histogram per method. */
final class RpcMetrics {
    private RpcMetrics() {}

    static void write(Exposition x, List<MethodCalls> calls) {
        x.family("jsupervisor_rpc_requests", Type.COUNTER,
                "XML-RPC calls by method and outcome (success, or the fault's name); unknown names count as (unknown).");
        for (MethodCalls m : calls) {
            for (Map.Entry<String, Long> o : m.outcomes().entrySet()) {
                x.sample(o.getValue(), "method", m.method(), "outcome", o.getKey());
            }
        }
        x.family("jsupervisor_rpc_request_duration_seconds", Type.HISTOGRAM,
                "Time from a call's arrival at the dispatcher to its answer, by method.");
        List<Double> bounds = RpcCallStatistics.BUCKET_BOUNDS;
        for (MethodCalls m : calls) {
            for (int i = 0; i < bounds.size(); i++) {
                x.sampleWithSuffix("_bucket", m.buckets().get(i), "method", m.method(), "le", String.valueOf(bounds.get(i)));
            }
            x.sampleWithSuffix("_bucket", m.count(), "method", m.method(), "le", "+Inf");
            x.sampleWithSuffix("_sum", m.seconds(), "method", m.method());
            x.sampleWithSuffix("_count", m.count(), "method", m.method());
        }
    }
}
