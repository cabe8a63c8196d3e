package io.jsupervisor.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsupervisor.distribution.DistTree.Run;
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
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web UI in headless Chromium against a daemon of the built tree with real processes: what
 * the page lists, actions from the page checked through XML-RPC, live state changes and log
 * output without reloads, the error banner, filters and group actions, escaping of hostile log
 * text, the token that GET links and foreign pages lack, and credentials on every path.
 * Screenshots go to {@code target/webui-screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiIT {
    static final String XSS = "<script>window.__xss=1</script><img src=x onerror=\"window.__xss=2\">";
    static final Path SHOTS = Path.of(System.getProperty("webui.screenshots", "target/webui-screenshots"));

    @TempDir
    static Path tmp;

    private DistTree tree;
    private WebDriverClient browser;
    private int port;
    private Run daemon;
    private String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start() throws Exception {
        assumeTrue(WebDriverClient.available(), "web UI browser tests skipped: " + WebDriverClient.CHROMIUM + " or "
                + WebDriverClient.CHROMEDRIVER + " is missing (apt-get install chromium chromium-driver)");
        tree = new DistTree(tmp);
        port = HttpRpcIT.freePort();
        base = "http://127.0.0.1:" + port;
        Path xss = tmp.resolve("xss.txt");
        Files.writeString(xss, XSS + "\n");
        Path conf = tree.config("nodaemon=true\nidentifier=webui-test\n\n[inet_http_server]\nport=127.0.0.1:" + port
                + "\nusername=user\npassword=pass\n\n[rpcinterface:supervisor]\n"
                + "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n"
                + "[program:sleeper]\ncommand=sleep 1000\n\n"
                + "[program:keeper]\ncommand=sleep 1000\n\n"
                + "[program:victim]\ncommand=sleep 1000\nautorestart=false\n\n"
                + "[program:talker]\ncommand=cat\n\n"
                + "[program:xss]\ncommand=sh -c \"cat " + xss + "; exec sleep 1000\"\n\n"
                + "[program:nofile]\ncommand=/nonexistent/program\nautostart=false\n\n"
                + "[program:crash]\ncommand=/bin/false\nstartretries=0\n\n"
                + "[group:grp]\nprograms=one,two\n\n"
                + "[program:one]\ncommand=sleep 1000\n\n[program:two]\ncommand=sleep 1000\n");
        // no safety-net poll during the test: every live change must come from the core's events
        Run r = tree.start(List.of("-c", conf.toString()), "-Djsupervisor.webui.safetyPollMillis=3600000");
        daemon = r;
        DistTree.await("daemon up", 30, () -> Files.exists(tree.pidfile()) || !r.process().isAlive());
        DistTree.await("processes running", 20, () -> {
            String log = tree.activityLogText();
            return log.contains("success: sleeper") && log.contains("success: talker") && log.contains("success: two")
                    && log.contains("success: xss") && log.contains("gave up: crash");
        });
        browser = new WebDriverClient(Files.createDirectories(tmp.resolve("chromium-profile")), tmp.resolve("chromedriver.log"));
        browser.basicAuth("user", "pass");
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (daemon != null && !daemon.err().isEmpty()) {
            String err = daemon.err().toString();
            System.out.println("daemon stderr (end):\n" + err.substring(Math.max(0, err.length() - 4000)));
        }
        if (tree != null) {
            tree.close();
        }
    }

    // --- helpers -------------------------------------------------------------------------

    static void waitFor(String what, Callable<Boolean> cond) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        Exception last = null;
        while (System.nanoTime() < end) {
            try {
                if (Boolean.TRUE.equals(cond.call())) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting for " + what, last);
    }

    private String auth() {
        return "Basic " + Base64.getEncoder().encodeToString("user:pass".getBytes(StandardCharsets.US_ASCII));
    }

    private HttpResponse<String> request(String method, String path, String authorization, String form,
            String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        if (form != null) {
            b.header("Content-Type", "application/x-www-form-urlencoded");
        }
        b.method(method, form == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(form));
        HttpResponse.BodyHandler<String> h = path.startsWith("/api/events")
                ? info -> HttpResponse.BodySubscribers.replacing("(stream)")
                : HttpResponse.BodyHandlers.ofString();
        return http.send(b.build(), h);
    }

    private String rpc(String method, String... params) throws Exception {
        StringBuilder body = new StringBuilder("<?xml version='1.0'?><methodCall><methodName>").append(method)
                .append("</methodName><params>");
        for (String p : params) {
            body.append("<param><value><string>").append(p.replace("&", "&amp;").replace("<", "&lt;"))
                    .append("</string></value></param>");
        }
        body.append("</params></methodCall>");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/RPC2"))
                .header("Authorization", auth()).header("Content-Type", "text/xml")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    private String field(String xml, String name) {
        Matcher m = Pattern.compile("<name>" + name + "</name>\\s*<value>\\s*(?:<(?:string|int|i4)>)?([^<]*)").matcher(xml);
        assertTrue(m.find(), name + " in " + xml);
        return m.group(1);
    }

    private String statename(String process) throws Exception {
        return field(rpc("supervisor.getProcessInfo", process), "statename");
    }

    private void openStatus() throws Exception {
        browser.get(base + "/");
        waitFor("live updates connected", () -> browser.text(browser.find("#live")).equals("live"));
        browser.script("window.__marker = 'no reload';");
    }

    private void assertNotReloaded() throws Exception {
        assertEquals("no reload", browser.script("return window.__marker;").asText(), "the page was reloaded");
    }

    private String rowState(String namespec) throws Exception {
        JsonNode v = browser.script("var r = document.querySelector('tr.proc[data-namespec=\"' + arguments[0] + '\"]');"
                + "return r ? r.getAttribute('data-state') + '|' + r.querySelector('td.status').textContent : null;", namespec);
        return v.isNull() ? null : v.asText();
    }

    private void clickAction(String rowSelector, String action) throws Exception {
        String link = browser.find(rowSelector + " a[data-action=\"" + action + "\"]");
        assertNotNull(link, "no " + action + " link in " + rowSelector);
        browser.click(link);
    }

    private String banner() throws Exception {
        return browser.script("var b = document.getElementById('banner');"
                + "return b.hidden ? '' : b.className + '|' + document.getElementById('banner-text').textContent;").asText();
    }

    private List<String> visibleRows() throws Exception {
        List<String> out = new ArrayList<>();
        browser.script("return Array.from(document.querySelectorAll('tr.proc')).filter(function (r) {"
                + " return !r.hidden; }).map(function (r) { return r.getAttribute('data-namespec'); });")
                .forEach(n -> out.add(n.asText()));
        return out;
    }

    // --- tests ---------------------------------------------------------------------------

    @Test
    @Order(1)
    void statusPageListsEveryProcessWithItsStateAndTheVersion() throws Exception {
        openStatus();
        assertEquals("Supervisor Status", browser.title());
        assertEquals(List.of("crash", "grp:one", "grp:two", "keeper", "nofile", "sleeper", "talker", "victim", "xss"),
                visibleRows());
        assertEquals("RUNNING|running", rowState("sleeper"));
        assertEquals("FATAL|fatal", rowState("crash"));
        assertEquals("STOPPED|stopped", rowState("nofile"));
        assertEquals("statusrunning", browser.script(
                "return document.querySelector('tr[data-namespec=sleeper] td.status span').classList[0];").asText());
        assertEquals("statuserror", browser.script(
                "return document.querySelector('tr[data-namespec=crash] td.status span').classList[0];").asText());
        assertTrue(browser.text(browser.find("tr[data-namespec=sleeper] td.desc")).matches("pid \\d+, uptime 0:00:\\d\\d"));
        assertEquals("tail.html?processname=grp%3Aone",
                browser.script("return document.querySelector('tr[data-namespec=\"grp:one\"] td.name a').getAttribute('href');").asText());
        assertEquals("index.html?processname=sleeper&action=stop", browser.script(
                "return document.querySelector('tr[data-namespec=sleeper] a[data-action=stop]').getAttribute('href');").asText());
        assertEquals("webui-test", browser.text(browser.find("#identification")));
        assertEquals("4.2.5", browser.text(browser.find("#version")));
        // the uptime counts on in the browser
        String before = browser.text(browser.find("tr[data-namespec=sleeper] td.desc"));
        waitFor("uptime ticking", () -> !browser.text(browser.find("tr[data-namespec=sleeper] td.desc")).equals(before));
        assertNotReloaded();
        browser.screenshot(SHOTS.resolve("status.png"));
        browser.windowSize(390, 844);
        Thread.sleep(300);
        browser.screenshot(SHOTS.resolve("status-narrow.png"));
        // narrow screen: no horizontal scrolling, the table becomes cards
        assertTrue(browser.script("return document.documentElement.scrollWidth <= window.innerWidth + 1;").asBoolean(),
                "horizontal scroll on a narrow screen");
        browser.windowSize(1280, 900);
    }

    @Test
    @Order(2)
    void stopAndStartFromThePageChangeTheRealProcess() throws Exception {
        openStatus();
        String pid = field(rpc("supervisor.getProcessInfo", "sleeper"), "pid");
        clickAction("tr[data-namespec=sleeper]", "stop");
        waitFor("stop message", () -> banner().equals("banner ok|Process sleeper stopped"));
        assertEquals("STOPPED", statename("sleeper"));
        assertFalse(ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false), "sleep still alive");
        waitFor("row shows stopped", () -> "STOPPED|stopped".equals(rowState("sleeper")));

        clickAction("tr[data-namespec=sleeper]", "start");
        waitFor("start message", () -> banner().equals("banner ok|Process sleeper started"));
        assertEquals("RUNNING", statename("sleeper"));
        waitFor("row shows running", () -> "RUNNING|running".equals(rowState("sleeper")));

        clickAction("tr[data-namespec=sleeper]", "restart");
        waitFor("restart message", () -> banner().equals("banner ok|Process sleeper restarted"));
        assertEquals("RUNNING", statename("sleeper"));
        assertFalse(pid.equals(field(rpc("supervisor.getProcessInfo", "sleeper"), "pid")));
        assertNotReloaded();
    }

    @Test
    @Order(3)
    void aProcessThatDiesShowsItsNewStateWithoutAReload() throws Exception {
        openStatus();
        assertEquals("RUNNING|running", rowState("victim"));
        long pid = Long.parseLong(field(rpc("supervisor.getProcessInfo", "victim"), "pid"));
        long t0 = System.nanoTime();
        DistTree.kill("KILL", pid);
        waitFor("victim shown as exited", () -> "EXITED|exited".equals(rowState("victim")));
        System.out.printf("webui: crash of victim shown %d ms after the kill%n", (System.nanoTime() - t0) / 1_000_000);
        assertEquals("EXITED", statename("victim"));
        assertNotReloaded();
        // and the row now offers Start instead of Stop
        assertNotNull(browser.find("tr[data-namespec=victim] a[data-action=start]"));
        assertEquals(null, browser.find("tr[data-namespec=victim] a[data-action=stop]"));
    }

    @Test
    @Order(4)
    void aFailedActionShowsAnErrorBanner() throws Exception {
        openStatus();
        clickAction("tr[data-namespec=nofile]", "start");
        waitFor("error banner", () -> banner().startsWith("banner error|"));
        assertEquals("banner error|ERROR: Process nofile: no such file", banner());
        assertTrue(browser.script("return getComputedStyle(document.getElementById('banner')).display;").asText()
                .equals("flex"), "banner not visible");
        assertNotReloaded();
    }

    @Test
    @Order(5)
    void filterByNameAndStateAndActOnAWholeGroup() throws Exception {
        openStatus();
        browser.type(browser.find("#filter"), "sleep");
        waitFor("name filter", () -> visibleRows().equals(List.of("sleeper")));
        browser.script("var f = document.getElementById('filter'); f.value = '';"
                + "f.dispatchEvent(new Event('input'));"
                + "var s = document.getElementById('state-filter'); s.value = 'FATAL,BACKOFF,UNKNOWN';"
                + "s.dispatchEvent(new Event('change'));");
        waitFor("state filter", () -> visibleRows().equals(List.of("crash")));
        browser.script("var s = document.getElementById('state-filter'); s.value = '';"
                + "s.dispatchEvent(new Event('change'));");
        waitFor("no filter", () -> visibleRows().size() == 9);

        clickAction("tr.group[data-group=grp]", "stop");
        waitFor("group stop message", () -> banner().equals("banner ok|Group grp stopped"));
        assertEquals("STOPPED", statename("grp:one"));
        assertEquals("STOPPED", statename("grp:two"));
        waitFor("rows show stopped", () -> "STOPPED|stopped".equals(rowState("grp:one"))
                && "STOPPED|stopped".equals(rowState("grp:two")));
        clickAction("tr.group[data-group=grp]", "start");
        waitFor("group start message", () -> banner().equals("banner ok|Group grp started"));
        assertEquals("RUNNING", statename("grp:one"));
        assertEquals("RUNNING", statename("grp:two"));
        assertNotReloaded();
    }

    @Test
    @Order(6)
    void theLogViewFollowsOutputWrittenAfterItOpenedAndShowsMarkupAsText() throws Exception {
        browser.get(base + "/tail.html?processname=talker");
        waitFor("log view following", () -> browser.text(browser.find("#tail-status")).equals("following"));
        browser.script("window.__marker = 'no reload';");
        String line = "written after the page opened " + System.nanoTime();
        rpc("supervisor.sendProcessStdin", "talker", line + "\n" + XSS + "\n");
        long t0 = System.nanoTime();
        waitFor("the new line in the log view",
                () -> browser.script("return document.getElementById('log').textContent;").asText().contains(line));
        System.out.printf("webui: log line shown %d ms after it was sent%n", (System.nanoTime() - t0) / 1_000_000);
        waitFor("the markup line", () -> browser.script("return document.getElementById('log').textContent;").asText()
                .contains(XSS));
        assertTrue(browser.script("return window.__xss === undefined;").asBoolean(), "injected script ran");
        assertEquals(0, browser.script("return document.querySelectorAll('#log *').length;").asInt());
        assertNotReloaded();
        browser.screenshot(SHOTS.resolve("tail.png"));
    }

    @Test
    @Order(7)
    void markupInAProcessLogIsShownAsTextAndDoesNotRun() throws Exception {
        // server-rendered part of tail.html
        browser.get(base + "/tail.html?processname=xss");
        waitFor("log view following", () -> browser.text(browser.find("#tail-status")).equals("following"));
        assertTrue(browser.script("return document.getElementById('log').textContent;").asText().contains(XSS));
        assertEquals(0, browser.script("return document.querySelectorAll('#log *').length;").asInt());
        assertTrue(browser.script("return window.__xss === undefined;").asBoolean(), "injected script ran");
        // and the raw text behind it is escaped
        String html = request("GET", "/tail.html?processname=xss", auth(), null).body();
        assertFalse(html.contains("<script>window.__xss"), html);
        assertTrue(html.contains("&lt;script&gt;window.__xss=1&lt;/script&gt;"), html);
    }

    @Test
    @Order(8)
    void actionsNeedAPostWithTheTokenOfTheSession() throws Exception {
        assertEquals("RUNNING", statename("keeper"));
        // the reference's GET link only asks for confirmation
        HttpResponse<String> get = request("GET", "/index.html?processname=keeper&action=stop", auth(), null);
        assertEquals(200, get.statusCode());
        assertTrue(get.body().contains("Stop process keeper?"), get.body());
        assertEquals("RUNNING", statename("keeper"));
        // a POST without the token (what a foreign page could send) is refused
        assertEquals(403, request("POST", "/index.html", auth(), "action=stop&processname=keeper").statusCode());
        assertEquals(403, request("POST", "/api/action", auth(), "action=stop&processname=keeper").statusCode());
        assertEquals(403, request("POST", "/api/action", auth(), "action=stop&processname=keeper&token=forged").statusCode());
        Matcher m = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"").matcher(request("GET", "/", auth(), null).body());
        assertTrue(m.find());
        String token = m.group(1);
        // a foreign Origin is refused even with the token (the token's tie to the credentials: CsrfTest)
        assertEquals(403, request("POST", "/api/action", auth(), "action=stop&processname=keeper&token=" + token,
                "Origin", "http://evil.example").statusCode());
        assertEquals("RUNNING", statename("keeper"));
        // the confirmation page's form does it
        HttpResponse<String> post = request("POST", "/index.html", auth(), "action=stop&processname=keeper&token=" + token);
        assertEquals(303, post.statusCode());
        assertEquals("index.html?message=Process%20keeper%20stopped", post.headers().firstValue("Location").orElse(""));
        assertEquals("STOPPED", statename("keeper"));
        HttpResponse<String> api = request("POST", "/api/action", auth(), "action=start&processname=keeper&token=" + token);
        assertEquals("{\"ok\":true,\"message\":\"Process keeper started\"}", api.body());
        assertEquals("RUNNING", statename("keeper"));
        // the confirmation page, clicked in the browser
        browser.get(base + "/index.html?processname=keeper&action=stop");
        browser.click(browser.find("#confirm"));
        waitFor("redirected with the message", () -> browser.url().endsWith("index.html?message=Process%20keeper%20stopped"));
        assertEquals("banner ok|Process keeper stopped", banner());
        assertEquals("STOPPED", statename("keeper"));
    }

    @Test
    @Order(9)
    void everyPathNeedsTheCredentials() throws Exception {
        String wrong = "Basic " + Base64.getEncoder().encodeToString("user:wrong".getBytes(StandardCharsets.US_ASCII));
        for (String path : List.of("/", "/index.html", "/index.html?processname=sleeper&action=stop",
                "/tail.html?processname=talker", "/ok.html", "/api/status", "/api/events", "/api/log?processname=talker",
                "/ui/style.css", "/ui/status.js", "/ui/tail.js", "/logtail/talker")) {
            assertEquals(401, request("GET", path, null, null).statusCode(), path);
            assertEquals(401, request("GET", path, wrong, null).statusCode(), path);
        }
        for (String path : List.of("/", "/index.html", "/api/action")) {
            assertEquals(401, request("POST", path, null, "action=stopall").statusCode(), path);
        }
        for (String path : List.of("/", "/tail.html?processname=talker", "/api/status", "/ui/style.css")) {
            assertEquals(200, request("GET", path, auth(), null).statusCode(), path);
        }
        assertEquals("RUNNING", statename("sleeper"));
        // nothing of the pages comes from elsewhere
        String page = request("GET", "/", auth(), null).body();
        assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(page).find(), page);
    }
}
