package io.jsupervisor.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jsupervisor.distribution.DistTree.Run;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web UI of a daemon whose tree lacks the JSON API bundle (its live layer talks only to
 * {@code /api/v1}): the page says why it is not live, its links work as without script (the
 * confirmation page and its form), and the log view reloads itself. In headless Chromium, as
 * {@link WebUiIT}.
 */
class WebUiWithoutApiIT {
    @TempDir
    Path tmp;

    @Test
    void thePageStaysPlainAndItsLinksStillWork() throws Exception {
        assumeTrue(WebDriverClient.available(), "web UI browser tests skipped: " + WebDriverClient.CHROMIUM + " or "
                + WebDriverClient.CHROMEDRIVER + " is missing (apt-get install chromium chromium-driver)");
        try (DistTree tree = new DistTree(tmp)) {
            try (Stream<Path> jars = Files.list(tree.home.resolve("bundle"))) {
                for (Path jar : jars.filter(f -> f.getFileName().toString().startsWith("jsupervisor-restapi-")).toList()) {
                    Files.delete(jar);
                }
            }
            int port = HttpRpcIT.freePort();
            String base = "http://127.0.0.1:" + port;
            Path conf = tree.config("nodaemon=true\n\n[inet_http_server]\nport=127.0.0.1:" + port
                    + "\nusername=user\npassword=pass\n\n[rpcinterface:supervisor]\n"
                    + "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n"
                    + "[program:plain]\ncommand=sh -c 'echo plain-output; exec sleep 1000'\nstartsecs=0\n");
            Run r = tree.start(List.of("-c", conf.toString()), null);
            DistTree.await("plain running", 30, () -> tree.activityLogText().contains("success: plain")
                    || !r.process().isAlive());
            assertTrue(r.process().isAlive(), () -> "ended: " + r.err());
            String auth = "Basic " + Base64.getEncoder().encodeToString("user:pass".getBytes(StandardCharsets.US_ASCII));
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/processes"))
                    .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, none.statusCode(), "this daemon has no JSON API");

            try (WebDriverClient browser = new WebDriverClient(Files.createDirectories(tmp.resolve("chromium-profile")),
                    tmp.resolve("chromedriver.log"))) {
                browser.basicAuth("user", "pass");
                StatusPageView page = new StatusPageView(browser);
                browser.get(base + "/");
                WebUiIT.waitFor("the page says why it is not live", () -> browser.script(
                        "return document.getElementById('live').title;").asText().contains("/api/v1"));
                assertEquals("static: no JSON API", browser.text(browser.find("#live")));
                assertEquals("RUNNING|running", page.rowState("plain"));
                // Stop is the plain link again: it leads to the confirmation page, whose form does it
                page.clickAction("tr[data-namespec=plain]", "stop");
                WebUiIT.waitFor("the confirmation page", () -> browser.url().contains("action=stop"));
                assertEquals("Stop process plain?", browser.text(browser.find("p.question")));
                browser.click(browser.find("#confirm"));
                WebUiIT.waitFor("redirected with the message",
                        () -> browser.url().endsWith("index.html?message=Process%20plain%20stopped"));
                assertEquals("banner ok|Process plain stopped", page.banner());
                assertEquals("STOPPED|stopped", page.rowState("plain"));
                browser.screenshot(WebUiIT.SHOTS.resolve("status-without-api.png"));

                // the log view cannot follow: it says so, and reloads itself as it does without script
                browser.get(base + "/tail.html?processname=plain");
                WebUiIT.waitFor("the log view says why it does not follow", () -> browser.script(
                        "return document.getElementById('tail-status').title;").asText().contains("/api/v1"));
                assertEquals("static: no JSON API", browser.text(browser.find("#tail-status")));
                assertTrue(browser.script("return document.getElementById('log').textContent;").asText()
                        .contains("plain-output"));
                page.mark();
                WebUiIT.waitFor("reloaded", () -> browser.script("return window.__marker === undefined "
                        + "&& document.readyState === 'complete';").asBoolean());
            }
        }
    }
}
