package io.jsupervisor.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsupervisor.metrics.internal.Exposition.Format;
import io.jsupervisor.metrics.internal.Exposition.Type;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpositionTest {
    private static String sample(Format format) {
        Exposition x = new Exposition(format, 64);
        x.family("jsupervisor_process_starts", Type.COUNTER, "Starts \"so far\"\\ok\nnext");
        x.sample(3, "group", "web", "name", "web_01");
        x.sample(0, "group", "a\"b", "name", "c\\d\ne");
        x.family("jsupervisor_jvm_threads", Type.GAUGE, "Threads.");
        x.sample(12);
        x.family("jsupervisor_process_cpu_seconds", Type.COUNTER, "CPU.");
        x.sample(1.25, "group", "g", "name", "n");
        x.sample(2.0, "group", "g", "name", "m");
        return x.finish();
    }

    @Test
    void prometheusTextFormatNamesCountersWithTotalAndEscapesLabels() {
        assertEquals("""
                # HELP jsupervisor_process_starts_total Starts "so far"\\\\ok\\nnext
                # TYPE jsupervisor_process_starts_total counter
                jsupervisor_process_starts_total{group="web",name="web_01"} 3
                jsupervisor_process_starts_total{group="a\\"b",name="c\\\\d\\ne"} 0
                # HELP jsupervisor_jvm_threads Threads.
                # TYPE jsupervisor_jvm_threads gauge
                jsupervisor_jvm_threads 12
                # HELP jsupervisor_process_cpu_seconds_total CPU.
                # TYPE jsupervisor_process_cpu_seconds_total counter
                jsupervisor_process_cpu_seconds_total{group="g",name="n"} 1.25
                jsupervisor_process_cpu_seconds_total{group="g",name="m"} 2
                """, sample(Format.PROMETHEUS));
    }

    @Test
    void openMetricsNamesCounterFamiliesWithoutTotalEscapesHelpQuotesAndEnds() {
        assertEquals("""
                # HELP jsupervisor_process_starts Starts \\"so far\\"\\\\ok\\nnext
                # TYPE jsupervisor_process_starts counter
                jsupervisor_process_starts_total{group="web",name="web_01"} 3
                jsupervisor_process_starts_total{group="a\\"b",name="c\\\\d\\ne"} 0
                # HELP jsupervisor_jvm_threads Threads.
                # TYPE jsupervisor_jvm_threads gauge
                jsupervisor_jvm_threads 12
                # HELP jsupervisor_process_cpu_seconds CPU.
                # TYPE jsupervisor_process_cpu_seconds counter
                jsupervisor_process_cpu_seconds_total{group="g",name="n"} 1.25
                jsupervisor_process_cpu_seconds_total{group="g",name="m"} 2
                # EOF
                """, sample(Format.OPENMETRICS));
    }

    @Test
    void specialValuesAreSpelledAsTheFormatWants() {
        Exposition x = new Exposition(Format.PROMETHEUS, 64);
        x.family("m", Type.GAUGE, "h");
        x.sample(Double.NaN);
        x.sample(Double.POSITIVE_INFINITY);
        x.sample(Double.NEGATIVE_INFINITY);
        x.sample(-1L);
        assertEquals("# HELP m h\n# TYPE m gauge\nm NaN\nm +Inf\nm -Inf\nm -1\n", x.finish());
    }

    @Test
    void rpcCallsAreAHistogramPerMethodWithCumulativeBuckets() {
        List<Long> buckets = new java.util.ArrayList<>();
        for (int i = 0; i <= io.jsupervisor.rpcinterface.http.RpcCallStatistics.BUCKET_BOUNDS.size(); i++) {
            buckets.add(i < 2 ? 1L : 3L);
        }
        Exposition x = new Exposition(Format.OPENMETRICS, 64);
        RpcMetrics.write(x, List.of(new io.jsupervisor.rpcinterface.http.RpcCallStatistics.MethodCalls(
                "supervisor.getState", Map.of("success", 2L, "BAD_NAME", 1L), buckets, 0.25)));
        String text = x.finish();
        assertTrue(text.contains("# TYPE jsupervisor_rpc_requests counter\n"), text);
        assertTrue(text.contains("jsupervisor_rpc_requests_total{method=\"supervisor.getState\",outcome=\"success\"} 2\n"), text);
        assertTrue(text.contains("# TYPE jsupervisor_rpc_request_duration_seconds histogram\n"), text);
        assertTrue(text.contains("jsupervisor_rpc_request_duration_seconds_bucket{method=\"supervisor.getState\",le=\"0.001\"} 1\n"), text);
        assertTrue(text.contains("jsupervisor_rpc_request_duration_seconds_bucket{method=\"supervisor.getState\",le=\"+Inf\"} 3\n"), text);
        assertTrue(text.contains("jsupervisor_rpc_request_duration_seconds_sum{method=\"supervisor.getState\"} 0.25\n"), text);
        assertTrue(text.contains("jsupervisor_rpc_request_duration_seconds_count{method=\"supervisor.getState\"} 3\n"), text);
    }

    @Test
    void engineCountersArePerProcessStreamAndPerPool() {
        Exposition x = new Exposition(Format.PROMETHEUS, 64);
        EngineMetrics.write(x, new io.jsupervisor.api.process.EngineStatistics(
                List.of(new io.jsupervisor.api.process.EngineStatistics.ProcessOutput("g", "p", 6, 4)),
                List.of(new io.jsupervisor.api.process.EngineStatistics.PoolEvents("deaf", 9, 7, 2)), 3, 5));
        String text = x.finish();
        for (String line : List.of("jsupervisor_process_output_bytes_total{group=\"g\",name=\"p\",stream=\"stdout\"} 6",
                "jsupervisor_process_output_bytes_total{group=\"g\",name=\"p\",stream=\"stderr\"} 4",
                "jsupervisor_listener_pool_events_total{pool=\"deaf\"} 9",
                "jsupervisor_listener_pool_dropped_events_total{pool=\"deaf\"} 7",
                "jsupervisor_listener_pool_buffered_events{pool=\"deaf\"} 2",
                "jsupervisor_log_handler_queue 3", "jsupervisor_log_handler_dropped_records_total 5")) {
            assertTrue(text.contains(line + "\n"), line + " in\n" + text);
        }
    }

    @Test
    void acceptHeaderChoosesTheFormat() {
        assertEquals(Format.PROMETHEUS, Format.forAccept(null));
        assertEquals(Format.PROMETHEUS, Format.forAccept("text/plain;version=0.0.4;q=0.5,*/*;q=0.1"));
        // what Prometheus 2.x sends
        assertEquals(Format.OPENMETRICS, Format.forAccept(
                "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                        + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1"));
    }
}
