package io.jsupervisor.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jsupervisor.metrics.internal.Exposition.Format;
import io.jsupervisor.metrics.internal.Exposition.Type;
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
    void acceptHeaderChoosesTheFormat() {
        assertEquals(Format.PROMETHEUS, Format.forAccept(null));
        assertEquals(Format.PROMETHEUS, Format.forAccept("text/plain;version=0.0.4;q=0.5,*/*;q=0.1"));
        // what Prometheus 2.x sends
        assertEquals(Format.OPENMETRICS, Format.forAccept(
                "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                        + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1"));
    }
}
