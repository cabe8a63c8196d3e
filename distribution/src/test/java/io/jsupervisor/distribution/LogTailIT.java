package io.jsupervisor.distribution;

import static io.jsupervisor.distribution.DistTree.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsupervisor.distribution.DistTree.Run;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /logtail and /mainlogtail stream what is written after the request, behind auth. */
class LogTailIT {
    @TempDir
    Path tmp;

    private DistTree tree;
    private int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        tree = new DistTree(tmp);
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path conf = tree.config("nodaemon=true\n\n[inet_http_server]\nport=127.0.0.1:" + port
                + "\nusername=user\npassword=pass\n\n[rpcinterface:supervisor]\n"
                + "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n"
                + "[program:talk]\ncommand=sh -c \"i=0; while :; do echo line$i; echo err$i >&2; i=$((i+1)); "
                + "sleep 0.2; done\"\nstartsecs=0\n");
        Run r = tree.start(List.of("-c", conf.toString()), null);
        await("daemon up", 30, () -> Files.exists(tree.pidfile()) || !r.process().isAlive());
        await("talk running", 10, () -> tree.activityLogText().contains("success: talk"));
    }

    @AfterEach
    void stop() throws Exception {
        tree.close();
    }

    private HttpResponse<InputStream> get(String path, boolean auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (auth) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString("user:pass".getBytes(StandardCharsets.US_ASCII)));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** Reads the stream until {@code marker} appears (the stream itself never ends). */
    private static String readUntil(InputStream in, String marker) throws Exception {
        StringBuilder seen = new StringBuilder();
        byte[] buf = new byte[4096];
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!seen.toString().contains(marker) && System.nanoTime() < end) {
            int n = in.read(buf);
            if (n < 0) {
                break;
            }
            seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
        in.close();
        return seen.toString();
    }

    @Test
    void processLogsAreFollowedAsTheyGrow() throws Exception {
        HttpResponse<InputStream> out = get("/logtail/talk", true);
        assertEquals(200, out.statusCode());
        assertTrue(out.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        // written after the request: proves the stream follows the file
        int now = tree.activityLogText().length();
        String text = readUntil(out.body(), "line12");
        assertTrue(text.contains("line12") && !text.contains("err"), text + " (log at " + now + ")");

        String err = readUntil(get("/logtail/talk/stderr", true).body(), "err12");
        assertTrue(err.contains("err12") && !err.contains("line"), err);

        String main = readUntil(get("/mainlogtail", true).body(), "success: talk");
        assertTrue(main.contains("success: talk"), main);
    }

    @Test
    void unknownProcessIs404AndAuthIsRequired() throws Exception {
        assertEquals(404, get("/logtail/nope", true).statusCode());
        assertEquals(404, get("/logtail/talk/nochannel", true).statusCode());
        assertEquals(401, get("/logtail/talk", false).statusCode());
        assertEquals(401, get("/mainlogtail", false).statusCode());
    }
}
