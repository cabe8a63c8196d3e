package io.jsupervisor.distribution;

import static io.jsupervisor.distribution.DistTree.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsupervisor.distribution.DistTree.Run;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON API of the built distribution, driven over HTTP: every operation of its OpenAPI
 * document is called, and every answer is checked against what the document promises for it
 * ({@link OpenApiContract}); the document itself must pass the OpenAPI parser's validation.
 */
class RestApiIT {
    @TempDir
    Path tmp;

    private DistTree tree;
    private Run run;
    private int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private OpenApiContract contract;
    private final List<String> called = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        tree = new DistTree(tmp);
        port = HttpRpcIT.freePort();
        Path conf = tree.config("nodaemon=true\n\n[inet_http_server]\nport=127.0.0.1:" + port
                + "\nusername=admin\npassword=s3cret\n\n"
                + "[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = "
                + "supervisor.rpcinterface:make_main_rpcinterface\n\n"
                + "[program:web]\ncommand=/bin/sh -c 'echo hello-out; echo hello-err >&2; exec sleep 1000'\n"
                + "startsecs=0\nstdout_logfile=" + tmp.resolve("web.out") + "\nstderr_logfile="
                + tmp.resolve("web.err") + "\n\n"
                + "[program:idle]\ncommand=sleep 1000\nautostart=false\nstartsecs=0\n\n"
                + "[program:broken]\ncommand=/nonexistent/binary\nautostart=false\n\n"
                + "[program:w]\ncommand=sleep 1000\nnumprocs=2\nprocess_name=%(program_name)s_%(process_num)d\n"
                + "startsecs=0\n");
        Run r = tree.start(List.of("-c", conf.toString()), null);
        run = r;
        await("web running", 30, () -> tree.activityLogText().contains("success: web") || !r.process().isAlive());
        assertTrue(r.process().isAlive(), () -> "ended: " + r.err());
        await("port " + port, 20, () -> {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        // wait for the API's bundle, which may come up after the servers
        await("/api/v1", 20, () -> {
            try {
                return send("GET", "/api/v1/daemon", null, true).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
        JsonNode doc = json.readTree(send("GET", "/api/v1/openapi.json", null, true).body());
        contract = new OpenApiContract(doc);
    }

    @AfterEach
    void tearDown() throws Exception {
        tree.close();
    }

    private HttpResponse<String> send(String method, String path, String origin, boolean auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).method(method, HttpRequest.BodyPublishers.noBody());
        if (auth) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    "admin:s3cret".getBytes(StandardCharsets.UTF_8)));
        }
        if (origin != null) {
            b.header("Origin", origin);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Calls {@code path}, checks the answer against the document's {@code template}, returns its body. */
    private JsonNode call(String method, String template, String path, int expectStatus) throws Exception {
        HttpResponse<String> r = send(method, path, null, true);
        assertEquals(expectStatus, r.statusCode(), () -> method + " " + path + ": " + r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                () -> method + " " + path + ": " + r.headers());
        JsonNode body = json.readTree(r.body());
        List<String> problems = contract.check(method, template, r.statusCode(), body);
        assertEquals(List.of(), problems, () -> method + " " + path + " -> " + r.body());
        called.add(method + " " + template);
        return body;
    }

    @Test
    void theDocumentIsValidOpenApi() throws Exception {
        String text = send("GET", "/api/v1/openapi.json", null, true).body();
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(text);
        assertEquals(List.of(), parsed.getMessages() == null ? List.of() : parsed.getMessages());
        assertEquals("3.0.3", parsed.getOpenAPI().getOpenapi());
        assertTrue(parsed.getOpenAPI().getPaths().size() >= 20, "paths: " + parsed.getOpenAPI().getPaths().keySet());
    }

    @Test
    void everyOperationAnswersAsTheDocumentSays() throws Exception {
        JsonNode daemon = call("GET", "/api/v1/daemon", "/api/v1/daemon", 200);
        assertEquals("RUNNING", daemon.path("state").path("statename").asText());
        assertEquals("4.2.5", daemon.path("supervisor_version").asText());

        JsonNode all = call("GET", "/api/v1/processes", "/api/v1/processes", 200);
        List<String> names = new ArrayList<>();
        all.forEach(p -> names.add(p.path("namespec").asText()));
        assertEquals(List.of("broken", "idle", "w:w_0", "w:w_1", "web"), names);

        JsonNode web = call("GET", "/api/v1/processes/{namespec}", "/api/v1/processes/web", 200);
        assertEquals("RUNNING", web.path("statename").asText());
        assertTrue(web.path("pid").asInt() > 0);
        JsonNode bad = call("GET", "/api/v1/processes/{namespec}", "/api/v1/processes/nope", 404);
        assertEquals("BAD_NAME: nope", bad.path("error").path("message").asText());
        assertEquals(10, bad.path("error").path("code").asInt());

        // actions on one process, each with its fault as in the XML-RPC API
        call("POST", "/api/v1/processes/{namespec}/start", "/api/v1/processes/idle/start", 200);
        assertEquals("RUNNING", call("GET", "/api/v1/processes/{namespec}", "/api/v1/processes/idle", 200)
                .path("statename").asText());
        JsonNode again = call("POST", "/api/v1/processes/{namespec}/start", "/api/v1/processes/idle/start", 409);
        assertEquals("ALREADY_STARTED", again.path("error").path("fault").asText());
        int pid = call("GET", "/api/v1/processes/{namespec}", "/api/v1/processes/idle", 200).path("pid").asInt();
        call("POST", "/api/v1/processes/{namespec}/restart", "/api/v1/processes/idle/restart", 200);
        int newPid = call("GET", "/api/v1/processes/{namespec}", "/api/v1/processes/idle", 200).path("pid").asInt();
        assertTrue(newPid > 0 && newPid != pid, pid + " -> " + newPid);
        call("POST", "/api/v1/processes/{namespec}/signal", "/api/v1/processes/idle/signal?signal=CONT", 200);
        assertEquals("BAD_SIGNAL", call("POST", "/api/v1/processes/{namespec}/signal",
                "/api/v1/processes/idle/signal?signal=NOPE", 400).path("error").path("fault").asText());
        call("POST", "/api/v1/processes/{namespec}/stop", "/api/v1/processes/idle/stop", 200);
        assertEquals("NOT_RUNNING", call("POST", "/api/v1/processes/{namespec}/stop",
                "/api/v1/processes/idle/stop", 409).path("error").path("fault").asText());
        assertEquals("NO_FILE", call("POST", "/api/v1/processes/{namespec}/start",
                "/api/v1/processes/broken/start", 422).path("error").path("fault").asText());

        // logs, followed from an offset
        await("web's output", 10, () -> {
            try {
                return Files.readString(tmp.resolve("web.out")).contains("hello-out");
            } catch (IOException e) {
                return false;
            }
        });
        JsonNode out = call("GET", "/api/v1/processes/{namespec}/logs/{channel}",
                "/api/v1/processes/web/logs/stdout?offset=0", 200);
        assertEquals("hello-out\n", out.path("text").asText());
        assertEquals(10, out.path("next").asInt());
        JsonNode err = call("GET", "/api/v1/processes/{namespec}/logs/{channel}",
                "/api/v1/processes/web/logs/stderr?offset=-4", 200);
        assertEquals("err\n", err.path("text").asText());
        call("GET", "/api/v1/processes/{namespec}/logs/{channel}", "/api/v1/processes/web/logs/other", 400);
        JsonNode main = call("GET", "/api/v1/daemon/log", "/api/v1/daemon/log?offset=0&length=100000", 200);
        assertTrue(main.path("text").asText().contains("success: web entered RUNNING state"), main.toString());
        // clearing empties both logs; a follower asking from its old offset is told to start over
        call("DELETE", "/api/v1/processes/{namespec}/logs", "/api/v1/processes/web/logs", 200);
        assertEquals(0L, Files.size(tmp.resolve("web.out")));
        assertEquals(0L, Files.size(tmp.resolve("web.err")));
        JsonNode cleared = call("GET", "/api/v1/processes/{namespec}/logs/{channel}",
                "/api/v1/processes/web/logs/stdout?offset=10", 200);
        assertEquals("", cleared.path("text").asText());
        assertEquals(0, cleared.path("size").asInt());
        assertTrue(cleared.path("reset").asBoolean(), cleared.toString());
        assertEquals("BAD_NAME", call("DELETE", "/api/v1/processes/{namespec}/logs", "/api/v1/processes/nope/logs", 404)
                .path("error").path("fault").asText());

        // groups
        JsonNode groups = call("GET", "/api/v1/groups", "/api/v1/groups", 200);
        assertEquals(4, groups.size(), groups.toString());
        JsonNode w = call("GET", "/api/v1/groups/{group}", "/api/v1/groups/w", 200);
        assertEquals("[\"w_0\",\"w_1\"]", w.path("processes").toString());
        call("GET", "/api/v1/groups/{group}", "/api/v1/groups/nope", 404);
        JsonNode stopped = call("POST", "/api/v1/groups/{group}/stop", "/api/v1/groups/w/stop", 200);
        assertEquals(2, stopped.path("results").size());
        assertEquals("SUCCESS", stopped.path("results").get(0).path("fault").asText());
        call("POST", "/api/v1/groups/{group}/start", "/api/v1/groups/w/start", 200);
        call("POST", "/api/v1/groups/{group}/restart", "/api/v1/groups/w/restart", 200);
        call("POST", "/api/v1/groups/{group}/signal", "/api/v1/groups/w/signal?signal=CONT", 200);
        assertEquals("STILL_RUNNING", call("DELETE", "/api/v1/groups/{group}", "/api/v1/groups/w", 409)
                .path("error").path("fault").asText());
        call("POST", "/api/v1/groups/{group}/stop", "/api/v1/groups/w/stop", 200);
        call("DELETE", "/api/v1/groups/{group}", "/api/v1/groups/w", 200);
        call("GET", "/api/v1/groups/{group}", "/api/v1/groups/w", 404);

        // config: the group removed above is "added" on a reread; update adds it back
        JsonNode reread = call("POST", "/api/v1/config/reread", "/api/v1/config/reread", 200);
        assertEquals("[\"w\"]", reread.path("added").toString());
        JsonNode update = call("POST", "/api/v1/config/update", "/api/v1/config/update", 200);
        assertEquals("w", update.path("groups").get(0).path("name").asText());
        assertTrue(update.path("groups").get(0).path("ok").asBoolean(), update.toString());
        call("GET", "/api/v1/groups/{group}", "/api/v1/groups/w", 200);
        call("DELETE", "/api/v1/groups/{group}", "/api/v1/groups/w", 409);
        call("POST", "/api/v1/groups/{group}/stop", "/api/v1/groups/w/stop", 200);
        call("DELETE", "/api/v1/groups/{group}", "/api/v1/groups/w", 200);
        call("POST", "/api/v1/groups", "/api/v1/groups?name=w", 200);
        assertEquals("ALREADY_ADDED", call("POST", "/api/v1/groups", "/api/v1/groups?name=w", 409)
                .path("error").path("fault").asText());

        // every process at once: web and w's two run (once the group added back has started them),
        // idle too once started; broken cannot start
        await("w running again", 20, () -> {
            try {
                return call("GET", "/api/v1/processes/{namespec}", "/api/v1/processes/w:w_1", 200)
                        .path("statename").asText().equals("RUNNING")
                        && call("GET", "/api/v1/processes/{namespec}", "/api/v1/processes/w:w_0", 200)
                        .path("statename").asText().equals("RUNNING");
            } catch (Exception e) {
                return false;
            }
        });
        JsonNode signalled = call("POST", "/api/v1/daemon/processes/signal", "/api/v1/daemon/processes/signal?signal=CONT",
                200);
        assertEquals(List.of("w:w_0", "w:w_1", "web"), namespecs(signalled));
        // as signalAllProcesses: a bad signal is each process's fault, not the request's
        JsonNode badSignal = call("POST", "/api/v1/daemon/processes/signal",
                "/api/v1/daemon/processes/signal?signal=NOPE", 200);
        assertEquals(3, badSignal.path("results").size(), badSignal.toString());
        badSignal.path("results").forEach(r -> assertEquals("BAD_SIGNAL", r.path("fault").asText(), r.toString()));
        JsonNode stoppedAll = call("POST", "/api/v1/daemon/processes/stop", "/api/v1/daemon/processes/stop", 200);
        assertEquals(List.of("w:w_0", "w:w_1", "web"), namespecs(stoppedAll));
        call("GET", "/api/v1/processes", "/api/v1/processes", 200).forEach(p ->
                assertTrue(List.of("STOPPED", "EXITED", "FATAL").contains(p.path("statename").asText()), p.toString()));
        JsonNode startedAll = call("POST", "/api/v1/daemon/processes/start", "/api/v1/daemon/processes/start", 200);
        assertEquals(List.of("broken", "idle", "w:w_0", "w:w_1", "web"), namespecs(startedAll));
        for (JsonNode r : startedAll.path("results")) {
            String expected = r.path("name").asText().equals("broken") ? "NO_FILE" : "SUCCESS";
            assertEquals(expected, r.path("fault").asText(), r.toString());
        }
        int webPid = call("GET", "/api/v1/processes/{namespec}", "/api/v1/processes/web", 200).path("pid").asInt();
        JsonNode restartedAll = call("POST", "/api/v1/daemon/processes/restart", "/api/v1/daemon/processes/restart",
                200);
        assertEquals(List.of("broken", "idle", "w:w_0", "w:w_1", "web"), namespecs(restartedAll));
        JsonNode webAgain = call("GET", "/api/v1/processes/{namespec}", "/api/v1/processes/web", 200);
        assertEquals("RUNNING", webAgain.path("statename").asText());
        assertTrue(webAgain.path("pid").asInt() != webPid, webPid + " -> " + webAgain.path("pid"));

        // every operation of the document but the daemon's own life (below) and the stream was called
        JsonNode paths = json.readTree(send("GET", "/api/v1/openapi.json", null, true).body()).path("paths");
        List<String> missing = new ArrayList<>();
        paths.fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(m -> {
            String op = m.toUpperCase() + " " + p.getKey();
            if (!called.contains(op) && !op.endsWith("/events") && !op.endsWith("/openapi.json")
                    && !op.endsWith("/daemon/shutdown") && !op.endsWith("/daemon/restart")) {
                missing.add(op);
            }
        }));
        assertEquals(List.of(), missing);

        // restart and shutdown last: they end what the calls above need
        int runs = tree.activityLogText().split("success: web entered RUNNING", -1).length;
        call("POST", "/api/v1/daemon/restart", "/api/v1/daemon/restart", 202);
        await("restarted", 30, () -> tree.activityLogText().split("success: web entered RUNNING", -1).length > runs);
        await("/api/v1 again", 20, () -> {
            try {
                return send("GET", "/api/v1/daemon", null, true).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
        call("POST", "/api/v1/daemon/shutdown", "/api/v1/daemon/shutdown", 202);
        assertTrue(run.process().waitFor(30, TimeUnit.SECONDS), "the daemon ended");
    }

    /** The processes a results answer names, sorted, as {@code group:name} (or {@code name} alone). */
    private static List<String> namespecs(JsonNode results) {
        List<String> out = new ArrayList<>();
        results.path("results").forEach(r -> out.add(r.path("group").asText().equals(r.path("name").asText())
                ? r.path("name").asText() : r.path("group").asText() + ":" + r.path("name").asText()));
        out.sort(null);
        return out;
    }

    @Test
    void everyPathWantsCredentialsAndChangesRefuseOtherOrigins() throws Exception {
        for (String path : List.of("/api/v1/daemon", "/api/v1/processes", "/api/v1/processes/web",
                "/api/v1/groups", "/api/v1/events", "/api/v1/openapi.json", "/api/v1/daemon/log")) {
            assertEquals(401, send("GET", path, null, false).statusCode(), path);
        }
        assertEquals(401, send("POST", "/api/v1/processes/web/stop", null, false).statusCode());
        assertEquals(401, send("POST", "/api/v1/daemon/processes/stop", null, false).statusCode());
        assertEquals(401, send("DELETE", "/api/v1/processes/web/logs", null, false).statusCode());
        HttpResponse<String> cross = send("POST", "/api/v1/processes/web/stop", "http://evil.example", true);
        assertEquals(403, cross.statusCode(), cross.body());
        assertEquals(403, send("POST", "/api/v1/daemon/processes/stop", "http://evil.example", true).statusCode());
        await("web's output", 10, () -> {
            try {
                return Files.readString(tmp.resolve("web.out")).contains("hello-out");
            } catch (IOException e) {
                return false;
            }
        });
        assertEquals(403, send("DELETE", "/api/v1/processes/web/logs", "http://evil.example", true).statusCode());
        assertTrue(Files.readString(tmp.resolve("web.out")).contains("hello-out"), "a refused clear clears nothing");
        assertEquals("RUNNING", call("GET", "/api/v1/processes/{namespec}", "/api/v1/processes/web", 200)
                .path("statename").asText(), "a refused request changes nothing");
        assertEquals(405, send("DELETE", "/api/v1/processes/web", null, true).statusCode());
        assertEquals(404, send("GET", "/api/v1/nothing/here", null, true).statusCode());
    }

    @Test
    void theEventStreamCarriesStateChangesAndResumesFromLastEventId() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = stream(null, lines);
        try {
            call("POST", "/api/v1/processes/{namespec}/start", "/api/v1/processes/idle/start", 200);
            String id = awaitEvent(lines, "PROCESS_STATE_RUNNING", "\"processname\":\"idle\"");
            call("POST", "/api/v1/processes/{namespec}/stop", "/api/v1/processes/idle/stop", 200);
            awaitEvent(lines, "PROCESS_STATE_STOPPED", "\"processname\":\"idle\"");
            // a second client resumes after the RUNNING event: it gets STOPPING and STOPPED again
            BlockingQueue<String> resumed = new LinkedBlockingQueue<>();
            Thread second = stream(id, resumed);
            try {
                String stopping = awaitEvent(resumed, "PROCESS_STATE_STOPPING", "\"processname\":\"idle\"");
                assertTrue(Long.parseLong(stopping) > Long.parseLong(id));
            } finally {
                second.interrupt();
            }
        } finally {
            reader.interrupt();
        }
    }

    /** Reads {@code /api/v1/events} on a raw socket (the JDK client buffers a stream's body). */
    private Thread stream(String lastEventId, BlockingQueue<String> lines) throws Exception {
        Socket s = new Socket("127.0.0.1", port);
        String auth = Base64.getEncoder().encodeToString("admin:s3cret".getBytes(StandardCharsets.UTF_8));
        String req = "GET /api/v1/events?types=PROCESS_STATE HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nAuthorization: Basic " + auth + "\r\nAccept: text/event-stream\r\n"
                + (lastEventId == null ? "" : "Last-Event-ID: " + lastEventId + "\r\n") + "\r\n";
        s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        String status = in.readLine();
        assertTrue(status.contains(" 200 "), status);
        Thread t = new Thread(() -> {
            try (s) {
                String line;
                while (!Thread.currentThread().isInterrupted() && (line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // closed by interrupt/teardown
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits for an event of {@code type} whose data contains {@code needle}; returns its id. */
    private static String awaitEvent(BlockingQueue<String> lines, String type, String needle) throws Exception {
        String id = null;
        String event = null;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < end) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line == null) {
                continue;
            }
            if (line.startsWith("id: ")) {
                id = line.substring(4);
            } else if (line.startsWith("event: ")) {
                event = line.substring(7);
            } else if (line.startsWith("data: ") && type.equals(event) && line.contains(needle)) {
                assertTrue(line.contains("\"id\":" + id + ","), line);
                return id;
            }
        }
        throw new AssertionError("no " + type + " event with " + needle);
    }
}
