package io.jsupervisor.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jsupervisor.distribution.DistTree.Run;
import java.io.IOException;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet page in headless Chromium over three daemons of the built tree on loopback ports:
 * it lists all three with their processes, a stop clicked on the page stops the process on the
 * right daemon, a change made on a peer directly shows without a reload, and a peer killed with
 * SIGKILL is marked unreachable within 5 s while the others stay live. The screenshot goes to
 * {@code target/webui-screenshots/fleet.png}.
 */
class FleetIT {
    @TempDir
    Path tmp;

    private final List<DistTree> trees = new ArrayList<>();
    private WebDriverClient browser;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void tearDown() throws Exception {
        if (browser != null) {
            browser.close();
        }
        for (DistTree t : trees) {
            t.close();
        }
    }

    /** Starts a daemon named {@code name} with programs {@code <name>-job} and {@code <name>-other}. */
    private int daemon(String name, String extra) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        DistTree tree = new DistTree(dir);
        trees.add(tree);
        int port = HttpRpcIT.freePort();
        Path conf = tree.config("nodaemon=true\nidentifier=" + name + "\n\n[inet_http_server]\nport=127.0.0.1:" + port
                + "\nusername=admin\npassword=pw-" + name + "\n\n[rpcinterface:supervisor]\n"
                + "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n"
                + "[program:" + name + "-job]\ncommand=sleep 1000\nstartsecs=0\n\n"
                + "[program:" + name + "-other]\ncommand=sleep 1000\nstartsecs=0\n\n" + extra);
        Run r = tree.start(List.of("-c", conf.toString()), null);
        DistTree.await(name + " up", 30, () -> {
            try {
                return get(port, name, "/api/v1/processes").contains(name + "-other");
            } catch (Exception e) {
                return !r.process().isAlive();
            }
        });
        assertTrue(r.process().isAlive(), () -> name + " ended: " + r.err());
        return port;
    }

    private HttpResponse<String> send(int port, String name, String method, String path) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("admin:pw-" + name).getBytes(StandardCharsets.UTF_8))).build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    private String get(int port, String name, String path) throws Exception {
        HttpResponse<String> r = send(port, name, "GET", path);
        if (r.statusCode() != 200) {
            throw new IOException(path + ": " + r.statusCode());
        }
        return r.body();
    }

    private String pageText(String css) throws Exception {
        com.fasterxml.jackson.databind.JsonNode v = browser.script(
                "var e = document.querySelector(arguments[0]); return e ? e.textContent : null;", css);
        return v.isNull() ? null : v.asText();
    }

    @Test
    void aFleetOfThreeIsLiveAndShowsADeadPeer() throws Exception {
        assumeTrue(WebDriverClient.available(), "fleet browser test skipped: chromium or chromedriver is missing");
        int b = daemon("b", "");
        int c = daemon("c", "");
        int a = daemon("a", "[jsupervisor.fleet]\npeer.b = http://admin:pw-b@127.0.0.1:" + b
                + "\npeer.c = http://admin:pw-c@127.0.0.1:" + c + "\n");

        Path profile = Files.createDirectories(tmp.resolve("chromium-profile"));
        browser = new WebDriverClient(profile, tmp.resolve("chromedriver.log"));
        browser.basicAuth("admin", "pw-a");
        browser.get("http://127.0.0.1:" + a + "/fleet");

        for (String[] row : new String[][] {{"local", "a-job"}, {"b", "b-job"}, {"c", "c-other"}}) {
            String css = "tr[data-process='" + row[0] + "/" + row[1] + "'] td.state";
            WebUiIT.waitFor(row[0] + "/" + row[1] + " RUNNING on the page", () -> "RUNNING".equals(pageText(css)));
        }
        assertEquals("3 of 3 daemons live", pageText("#summary"));

        // a stop clicked on the page reaches daemon b, and only b
        browser.click(browser.find("button[data-action='stop'][data-target='b/b-job']"));
        WebUiIT.waitFor("b-job stopped on b", () -> get(b, "b", "/api/v1/processes/b-job").contains("\"STOPPED\""));
        WebUiIT.waitFor("the page shows it", () -> "STOPPED".equals(pageText("tr[data-process='b/b-job'] td.state")));
        assertTrue(get(c, "c", "/api/v1/processes/c-job").contains("\"RUNNING\""), "c untouched");
        assertTrue(get(a, "a", "/api/v1/processes/a-job").contains("\"RUNNING\""), "a untouched");

        // a change made on a peer directly arrives through its event stream
        assertEquals(200, send(b, "b", "POST", "/api/v1/processes/b-job/start").statusCode());
        WebUiIT.waitFor("b-job RUNNING again on the page",
                () -> "RUNNING".equals(pageText("tr[data-process='b/b-job'] td.state")));

        // SIGKILL daemon c: unreachable within 5 s, the others stay live
        long cPid = Long.parseLong(Files.readString(trees.get(1).pidfile()).strip());
        List<ProcessHandle> cChildren = ProcessHandle.of(cPid).orElseThrow().descendants().toList();
        long killedAt = System.nanoTime();
        DistTree.kill("KILL", cPid);
        cChildren.forEach(ProcessHandle::destroyForcibly);
        long deadline = killedAt + Duration.ofSeconds(5).toNanos();
        while (!"unreachable".equals(pageText("section[data-peer='c'] .peer-status"))) {
            assertTrue(System.nanoTime() < deadline, "c not marked unreachable within 5 s");
            Thread.sleep(50);
        }
        System.out.println("fleet: peer marked unreachable " + (System.nanoTime() - killedAt) / 1_000_000
                + " ms after SIGKILL");
        assertEquals("live", pageText("section[data-peer='b'] .peer-status"));
        assertEquals("live", pageText("section[data-peer='local'] .peer-status"));
        assertEquals("2 of 3 daemons live", pageText("#summary"));
        assertEquals(200, send(b, "b", "POST", "/api/v1/processes/b-other/stop").statusCode());
        WebUiIT.waitFor("b still live on the page",
                () -> "STOPPED".equals(pageText("tr[data-process='b/b-other'] td.state")));

        Path shots = Files.createDirectories(WebUiIT.SHOTS);
        browser.screenshot(shots.resolve("fleet.png"));

        // the page's API: a cross-origin action is refused
        HttpRequest cross = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a
                        + "/fleet/api/action?peer=b&action=stop&name=b-job"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "admin:pw-a".getBytes(StandardCharsets.UTF_8)))
                .header("Origin", "http://evil.example").POST(HttpRequest.BodyPublishers.noBody()).build();
        assertEquals(403, http.send(cross, HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(401, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a + "/fleet")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
    }
}
