package io.jsupervisor.rpcinterface.internal;

import io.jsupervisor.api.process.Fault;
import io.jsupervisor.rpcinterface.http.RpcCallStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import org.osgi.service.component.annotations.Component;

/**
 * Counts the XML-RPC calls of every server of the daemon ({@link RpcCallStatistics}). Recording
 * is lock-free: the server threads add to counters, a reader sums them.
 */
@Component(service = {RpcCallStatistics.class, RpcCallCounter.class})
public final class RpcCallCounter implements RpcCallStatistics {
    private static final double[] BOUNDS = BUCKET_BOUNDS.stream().mapToDouble(Double::doubleValue).toArray();

    private final Map<String, Method> methods = new ConcurrentHashMap<>();

    /** One call of {@code method} ({@link #UNKNOWN_METHOD} when it did not resolve) that took {@code nanos}. */
    void record(String method, String outcome, long nanos) {
        Method m = methods.computeIfAbsent(method, k -> new Method());
        m.outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
        double seconds = nanos / 1e9;
        int bucket = 0;
        while (bucket < BOUNDS.length && seconds > BOUNDS[bucket]) {
            bucket++;
        }
        m.buckets.incrementAndGet(bucket);
        m.seconds.add(seconds);
    }

    /** The outcome label of a call that failed with a fault of this code. */
    static String faultOutcome(int code) {
        for (Fault f : Fault.values()) {
            if (f.code() == code) {
                return f.name();
            }
        }
        return "FAULT_" + code;
    }

    @Override
    public List<MethodCalls> snapshot() {
        List<MethodCalls> out = new ArrayList<>();
        new TreeMap<>(methods).forEach((name, m) -> {
            Map<String, Long> outcomes = new TreeMap<>();
            m.outcomes.forEach((o, n) -> outcomes.put(o, n.sum()));
            List<Long> cumulative = new ArrayList<>(BOUNDS.length + 1);
            long sum = 0;
            for (int i = 0; i <= BOUNDS.length; i++) {
                sum += m.buckets.get(i);
                cumulative.add(sum);
            }
            out.add(new MethodCalls(name, outcomes, cumulative, m.seconds.sum()));
        });
        return out;
    }

    private static final class Method {
        final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        /** Calls per bucket (not cumulative); the last is above every bound. */
        final AtomicLongArray buckets = new AtomicLongArray(BOUNDS.length + 1);
        final DoubleAdder seconds = new DoubleAdder();
    }
}
