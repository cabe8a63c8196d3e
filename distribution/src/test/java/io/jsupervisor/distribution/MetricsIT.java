package io.jsupervisor.distribution;

import static io.jsupervisor.distribution.DistTree.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jsupervisor.distribution.DistTree.Run;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, Prometheus metrics: the built daemon serves /metrics on inet_http_server behind its
 * Basic auth, the series follow real processes (a state, a restart after a kill, a FATAL after
 * BACKOFF), promtool accepts the output and the shipped alerting rules, and a real Prometheus
 * scrapes the daemon (in OpenMetrics, which it asks for) and answers queries on it.
 */
class MetricsIT {
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Path RULES = Path.of("src/prometheus/jsupervisor-alerts.yml");
    private static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("user:secret".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopPrometheus() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void shippedAlertingRulesPassPromtool() throws Exception {
        assumeTrue(Files.isExecutable(PROMTOOL), "promtool is absent (Debian package prometheus): rules not checked");
        String out = run(List.of(PROMTOOL.toString(), "check", "rules", RULES.toString()), null);
        assertTrue(out.startsWith("0\n") && out.contains("SUCCESS: 4 rules found"), out);
    }

    @Test
    void metricsFollowRealProcessesAndAPrometheusScrapesThem() throws Exception {
        assumeTrue(Files.isExecutable(PROMTOOL), "promtool is absent (Debian package prometheus): /metrics not checked");
        int port = HttpRpcIT.freePort();
        try (DistTree tree = new DistTree(tmp.resolve("dist"))) {
            Path conf = tree.config("nodaemon=true\n\n"
                    + "[inet_http_server]\nport=127.0.0.1:" + port + "\nusername=user\npassword=secret\n\n"
                    + "[rpcinterface:supervisor]\n"
                    + "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n"
                    + "[program:steady]\ncommand=sleep 1000\nstartsecs=0\n\n"
                    + "[program:crashy]\ncommand=sleep 1000\nstartsecs=0\nautorestart=true\n\n"
                    + "[program:broken]\ncommand=sh -c \"exit 3\"\nstartsecs=1\nstartretries=1\n\n"
                    + "[program:exiter]\ncommand=sh -c \"sleep 1.2; exit 4\"\nstartsecs=1\nautorestart=false\n");
            Run r = tree.start(List.of("-c", conf.toString()), null);
            String metrics = "http://127.0.0.1:" + port + "/metrics";
            await("metrics served", 40, () -> status(metrics, AUTH, null) == 200 || !r.process().isAlive());

            assertEquals(401, status(metrics, null, null), "no credentials");
            assertEquals(401, status(metrics, "Basic " + Base64.getEncoder().encodeToString("user:wrong".getBytes()), null));

            await("steady and crashy running, broken fatal, exiter exited", 30, () -> {
                String t = body(metrics, null);
                return t.contains(state("steady", "RUNNING") + " 1\n") && t.contains(state("crashy", "RUNNING") + " 1\n")
                        && t.contains(state("broken", "FATAL") + " 1\n") && t.contains(state("exiter", "EXITED") + " 1\n");
            });
            Matcher spawned = Pattern.compile("spawned: 'crashy' with pid (\\d+)").matcher(tree.activityLogText());
            assertTrue(spawned.find(), tree.activityLogText());
            DistTree.kill("KILL", Long.parseLong(spawned.group(1)));
            await("crashy restarted", 30, () -> body(metrics, null).contains(series("restarts_total", "crashy") + " 1\n")
                    && tree.activityLogText().split("spawned: 'crashy'", -1).length == 3);
            await("crashy running again", 30, () -> body(metrics, null).contains(state("crashy", "RUNNING") + " 1\n"));

            String rpc = "http://127.0.0.1:" + port + "/RPC2";
            rpcCall(rpc, "supervisor.getState", "");
            rpcCall(rpc, "supervisor.getProcessInfo", "<param><value><string>nope</string></value></param>");
            rpcCall(rpc, "supervisor.noSuchMethod", "");

            String text = body(metrics, null);
            assertTrue(Pattern.compile("(?m)^jsupervisor_rpc_requests_total\\{method=\"supervisor.getState\",outcome=\"success\"} [1-9]\\d*$")
                    .matcher(text).find(), text);
            assertTrue(text.contains("jsupervisor_rpc_requests_total{method=\"supervisor.getProcessInfo\",outcome=\"BAD_NAME\"} 1\n"), text);
            assertTrue(text.contains("jsupervisor_rpc_requests_total{method=\"(unknown)\",outcome=\"UNKNOWN_METHOD\"} 1\n"), text);
            assertTrue(text.contains("jsupervisor_rpc_request_duration_seconds_count{method=\"supervisor.getProcessInfo\"} 1\n"), text);
            assertTrue(text.contains(series("starts_total", "crashy") + " 2\n"), text);
            assertTrue(text.contains("jsupervisor_process_output_bytes_total{group=\"steady\",name=\"steady\",stream=\"stdout\"} 0\n"), text);
            assertTrue(text.contains("jsupervisor_log_handler_queue 0\n"), text);
            assertTrue(text.contains(series("restarts_total", "steady") + " 0\n"), text);
            assertTrue(text.contains(series("last_exit_status", "exiter") + " 4\n"), text);
            assertTrue(text.contains(state("crashy", "STOPPED") + " 0\n"), text);
            assertTrue(text.contains("jsupervisor_processes{state=\"RUNNING\"} 2\n"), text);
            assertTrue(text.contains("jsupervisor_events_total{type=\"PROCESS_STATE_EXITED\"} "), text);
            assertTrue(Pattern.compile("(?m)^jsupervisor_process_resident_memory_bytes\\{group=\"steady\",name=\"steady\"} [1-9]\\d*$")
                    .matcher(text).find(), text);
            assertTrue(Pattern.compile("(?m)^jsupervisor_process_backoff_seconds_total\\{group=\"broken\",name=\"broken\"} [0-9.]*[1-9]")
                    .matcher(text).find(), "broken spent time in BACKOFF: " + text);
            assertTrue(Pattern.compile("(?m)^jsupervisor_jvm_heap_used_bytes [1-9]\\d*$").matcher(text).find(), text);
            String promtool = run(List.of(PROMTOOL.toString(), "check", "metrics"), text);
            assertTrue(promtool.startsWith("0\n"), promtool);

            HttpResponse<String> om = get(metrics, AUTH, "application/openmetrics-text;version=1.0.0");
            assertEquals("application/openmetrics-text; version=1.0.0; charset=utf-8",
                    om.headers().firstValue("Content-Type").orElse(""));
            assertTrue(om.body().endsWith("# EOF\n") && om.body().contains("# TYPE jsupervisor_process_restarts counter\n"),
                    om.body());

            scrapedByPrometheus(port);
        }
    }

    /** A real Prometheus on loopback scrapes the daemon every second; its query API sees the series. */
    private void scrapedByPrometheus(int daemonPort) throws Exception {
        if (!Files.isExecutable(PROMETHEUS)) {
            System.out.println("MetricsIT: /usr/bin/prometheus is absent, the real scrape is not tested");
            return;
        }
        int port = HttpRpcIT.freePort();
        Path yml = tmp.resolve("prometheus.yml");
        Files.writeString(yml, "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
                + "rule_files:\n  - " + RULES.toAbsolutePath() + "\n"
                + "scrape_configs:\n  - job_name: jsupervisor\n"
                + "    static_configs:\n      - targets: ['127.0.0.1:" + daemonPort + "']\n"
                + "    basic_auth:\n      username: user\n      password: secret\n");
        Process p = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + yml,
                "--storage.tsdb.path=" + tmp.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(tmp.resolve("prometheus.out").toFile()).start();
        started.add(p);
        String api = "http://127.0.0.1:" + port + "/api/v1/query?query=";
        await("Prometheus scraped the daemon", 60, () -> "1".equals(value(api, "up{job=\"jsupervisor\"}")) || !p.isAlive());
        assertEquals("1", value(api, "jsupervisor_process_state{name=\"steady\",state=\"RUNNING\"}"), prometheusLog());
        assertEquals("1", value(api, "jsupervisor_process_state{name=\"broken\",state=\"FATAL\"}"), prometheusLog());
        assertEquals("1", value(api, "jsupervisor_process_restarts_total{name=\"crashy\"}"), prometheusLog());
        assertEquals("0", value(api, "jsupervisor_process_state{name=\"crashy\",state=\"FATAL\"}"), prometheusLog());
    }

    private String prometheusLog() {
        try {
            return Files.readString(tmp.resolve("prometheus.out"));
        } catch (IOException e) {
            return "";
        }
    }

    /** The single value an instant query returns, or null when it returns none. */
    private String value(String api, String query) {
        try {
            String json = http.send(HttpRequest.newBuilder(URI.create(api + URLEncoder.encode(query, StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = Pattern.compile("\"value\":\\[[0-9.]+,\"([^\"]*)\"]").matcher(json);
            return m.find() ? m.group(1) : null;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    private static String state(String name, String state) {
        return "jsupervisor_process_state{group=\"" + name + "\",name=\"" + name + "\",state=\"" + state + "\"}";
    }

    private static String series(String metric, String name) {
        return "jsupervisor_process_" + metric + "{group=\"" + name + "\",name=\"" + name + "\"}";
    }

    private HttpResponse<String> get(String url, String auth, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One XML-RPC call with the test's credentials; its answer is not looked at here. */
    private void rpcCall(String url, String method, String params) throws IOException, InterruptedException {
        String body = "<?xml version=\"1.0\"?><methodCall><methodName>" + method + "</methodName><params>" + params
                + "</params></methodCall>";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", AUTH).header("Content-Type", "text/xml")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
    }

    private int status(String url, String auth, String accept) {
        try {
            return get(url, auth, accept).statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    private String body(String url, String accept) {
        try {
            HttpResponse<String> r = get(url, AUTH, accept);
            return r.statusCode() == 200 ? r.body() : "";
        } catch (IOException | InterruptedException e) {
            return "";
        }
    }

    /** Runs a command (with {@code stdin} piped in when given): its exit status, a newline, its output. */
    private static String run(List<String> cmd, String stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return p.waitFor() + "\n" + out;
    }
}
