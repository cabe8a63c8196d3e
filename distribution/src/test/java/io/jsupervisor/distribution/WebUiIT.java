package io.jsupervisor.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
 * the page lists, actions from the page (through the JSON API {@code /api/v1}) checked through
 * XML-RPC, live state changes and log output without reloads, the error banner, filters and
 * group actions, the page-wide buttons, escaping of hostile log text, the token that GET links
 * and foreign pages lack, credentials on every path, and the plain page of a daemon without the
 * JSON API. Screenshots go to {@code target/webui-screenshots/}.
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
    private StatusPageView page;
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
        // the page has no timer that reads the state while its stream is open: every live change
        // below comes from the daemon's events through /api/v1/events
        Run r = tree.start(List.of("-c", conf.toString()), null);
        daemon = r;
        DistTree.await("daemon up", 30, () -> Files.exists(tree.pidfile()) || !r.process().isAlive());
        DistTree.await("processes running", 20, () -> {
            String log = tree.activityLogText();
            return log.contains("success: sleeper") && log.contains("success: talker") && log.contains("success: two")
                    && log.contains("success: xss") && log.contains("gave up: crash");
        });
        browser = new WebDriverClient(Files.createDirectories(tmp.resolve("chromium-profile")), tmp.resolve("chromedriver.log"));
        browser.basicAuth("user", "pass");
        page = new StatusPageView(browser);
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
        HttpResponse.BodyHandler<String> h = path.startsWith("/api/v1/events")
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
        page.mark();
    }

    // --- tests ---------------------------------------------------------------------------

    @Test
    @Order(1)
    void statusPageListsEveryProcessWithItsStateAndTheVersion() throws Exception {
        openStatus();
        assertEquals("Supervisor Status", browser.title());
        assertEquals(List.of("crash", "grp:one", "grp:two", "keeper", "nofile", "sleeper", "talker", "victim", "xss"),
                page.visibleRows());
        assertEquals("RUNNING|running", page.rowState("sleeper"));
        assertEquals("FATAL|fatal", page.rowState("crash"));
        assertEquals("STOPPED|stopped", page.rowState("nofile"));
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
        page.assertNotReloaded();
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
        page.clickAction("tr[data-namespec=sleeper]", "stop");
        waitFor("stop message", () -> page.banner().equals("banner ok|Process sleeper stopped"));
        assertEquals("STOPPED", statename("sleeper"));
        assertFalse(ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false), "sleep still alive");
        waitFor("row shows stopped", () -> "STOPPED|stopped".equals(page.rowState("sleeper")));

        page.clickAction("tr[data-namespec=sleeper]", "start");
        waitFor("start message", () -> page.banner().equals("banner ok|Process sleeper started"));
        assertEquals("RUNNING", statename("sleeper"));
        waitFor("row shows running", () -> "RUNNING|running".equals(page.rowState("sleeper")));

        page.clickAction("tr[data-namespec=sleeper]", "restart");
        waitFor("restart message", () -> page.banner().equals("banner ok|Process sleeper restarted"));
        assertEquals("RUNNING", statename("sleeper"));
        assertFalse(pid.equals(field(rpc("supervisor.getProcessInfo", "sleeper"), "pid")));
        page.assertNotReloaded();
    }

    @Test
    @Order(3)
    void aProcessThatDiesShowsItsNewStateWithoutAReload() throws Exception {
        openStatus();
        assertEquals("RUNNING|running", page.rowState("victim"));
        long pid = Long.parseLong(field(rpc("supervisor.getProcessInfo", "victim"), "pid"));
        long t0 = System.nanoTime();
        DistTree.kill("KILL", pid);
        waitFor("victim shown as exited", () -> "EXITED|exited".equals(page.rowState("victim")));
        System.out.printf("webui: crash of victim shown %d ms after the kill%n", (System.nanoTime() - t0) / 1_000_000);
        assertEquals("EXITED", statename("victim"));
        page.assertNotReloaded();
        // and the row now offers Start instead of Stop
        assertNotNull(browser.find("tr[data-namespec=victim] a[data-action=start]"));
        assertEquals(null, browser.find("tr[data-namespec=victim] a[data-action=stop]"));
    }

    @Test
    @Order(4)
    void aFailedActionShowsAnErrorBanner() throws Exception {
        openStatus();
        page.clickAction("tr[data-namespec=nofile]", "start");
        waitFor("error banner", () -> page.banner().startsWith("banner error|"));
        assertEquals("banner error|ERROR: Process nofile: no such file", page.banner());
        assertTrue(browser.script("return getComputedStyle(document.getElementById('banner')).display;").asText()
                .equals("flex"), "banner not visible");
        page.assertNotReloaded();
    }

    @Test
    @Order(5)
    void filterByNameAndStateAndActOnAWholeGroup() throws Exception {
        openStatus();
        browser.type(browser.find("#filter"), "sleep");
        waitFor("name filter", () -> page.visibleRows().equals(List.of("sleeper")));
        browser.script("var f = document.getElementById('filter'); f.value = '';"
                + "f.dispatchEvent(new Event('input'));"
                + "var s = document.getElementById('state-filter'); s.value = 'FATAL,BACKOFF,UNKNOWN';"
                + "s.dispatchEvent(new Event('change'));");
        waitFor("state filter", () -> page.visibleRows().equals(List.of("crash")));
        browser.script("var s = document.getElementById('state-filter'); s.value = '';"
                + "s.dispatchEvent(new Event('change'));");
        waitFor("no filter", () -> page.visibleRows().size() == 9);

        page.clickAction("tr.group[data-group=grp]", "stop");
        waitFor("group stop message", () -> page.banner().equals("banner ok|Group grp stopped"));
        assertEquals("STOPPED", statename("grp:one"));
        assertEquals("STOPPED", statename("grp:two"));
        waitFor("rows show stopped", () -> "STOPPED|stopped".equals(page.rowState("grp:one"))
                && "STOPPED|stopped".equals(page.rowState("grp:two")));
        page.clickAction("tr.group[data-group=grp]", "start");
        waitFor("group start message", () -> page.banner().equals("banner ok|Group grp started"));
        assertEquals("RUNNING", statename("grp:one"));
        assertEquals("RUNNING", statename("grp:two"));
        page.assertNotReloaded();
    }

    @Test
    @Order(6)
    void theLogViewFollowsOutputWrittenAfterItOpenedAndShowsMarkupAsText() throws Exception {
        browser.get(base + "/tail.html?processname=talker");
        waitFor("log view following", () -> browser.text(browser.find("#tail-status")).equals("following"));
        page.mark();
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
        page.assertNotReloaded();
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
    void actionsNeedAPostWithTheTokenOrFromTheSameOrigin() throws Exception {
        assertEquals("RUNNING", statename("keeper"));
        // the reference's GET link only asks for confirmation
        HttpResponse<String> get = request("GET", "/index.html?processname=keeper&action=stop", auth(), null);
        assertEquals(200, get.statusCode());
        assertTrue(get.body().contains("Stop process keeper?"), get.body());
        assertEquals("RUNNING", statename("keeper"));
        // a POST without the token, or with a forged one (what a foreign page could send), is refused
        assertEquals(403, request("POST", "/index.html", auth(), "action=stop&processname=keeper").statusCode());
        assertEquals(403, request("POST", "/index.html", auth(), "action=stop&processname=keeper&token=forged")
                .statusCode());
        Matcher m = Pattern.compile("name=\"token\" value=\"([^\"]+)\"").matcher(get.body());
        assertTrue(m.find(), get.body());
        String token = m.group(1);
        // a foreign Origin is refused even with the token (the token's tie to the credentials: CsrfTest)
        assertEquals(403, request("POST", "/index.html", auth(), "action=stop&processname=keeper&token=" + token,
                "Origin", "http://evil.example").statusCode());
        // the script's requests go to /api/v1, which refuses a foreign Origin the same way
        assertEquals(403, request("POST", "/api/v1/processes/keeper/stop", auth(), null,
                "Origin", "http://evil.example").statusCode());
        assertEquals(403, request("POST", "/api/v1/daemon/processes/stop", auth(), null,
                "Referer", "http://evil.example/page").statusCode());
        assertEquals(403, request("DELETE", "/api/v1/processes/talker/logs", auth(), null,
                "Origin", "null").statusCode());
        assertEquals("RUNNING", statename("keeper"));
        // the confirmation page's form does it
        HttpResponse<String> post = request("POST", "/index.html", auth(), "action=stop&processname=keeper&token=" + token);
        assertEquals(303, post.statusCode());
        assertEquals("index.html?message=Process%20keeper%20stopped", post.headers().firstValue("Location").orElse(""));
        assertEquals("STOPPED", statename("keeper"));
        // and so does a request from the page's own origin
        HttpResponse<String> api = request("POST", "/api/v1/processes/keeper/start", auth(), null, "Origin", base);
        assertEquals(200, api.statusCode(), api.body());
        assertEquals("{\"ok\":true}", api.body());
        assertEquals("RUNNING", statename("keeper"));
        // the web UI's own JSON endpoints are gone: /api/v1 is the one API
        for (String path : List.of("/api/status", "/api/events", "/api/log?processname=keeper")) {
            assertEquals(404, request("GET", path, auth(), null).statusCode(), path);
        }
        assertEquals(404, request("POST", "/api/action", auth(), "action=stop&processname=keeper&token=" + token)
                .statusCode());
        assertEquals("RUNNING", statename("keeper"));
        // the confirmation page, clicked in the browser
        browser.get(base + "/index.html?processname=keeper&action=stop");
        browser.click(browser.find("#confirm"));
        waitFor("redirected with the message", () -> browser.url().endsWith("index.html?message=Process%20keeper%20stopped"));
        assertEquals("banner ok|Process keeper stopped", page.banner());
        assertEquals("STOPPED", statename("keeper"));
    }

    @Test
    @Order(9)
    void everyPathNeedsTheCredentials() throws Exception {
        String wrong = "Basic " + Base64.getEncoder().encodeToString("user:wrong".getBytes(StandardCharsets.US_ASCII));
        for (String path : List.of("/", "/index.html", "/index.html?processname=sleeper&action=stop",
                "/tail.html?processname=talker", "/ok.html", "/api/v1/daemon", "/api/v1/processes",
                "/api/v1/events?types=PROCESS_STATE", "/api/v1/processes/talker/logs/stdout",
                "/ui/style.css", "/ui/api.js", "/ui/status.js", "/ui/tail.js", "/logtail/talker")) {
            assertEquals(401, request("GET", path, null, null).statusCode(), path);
            assertEquals(401, request("GET", path, wrong, null).statusCode(), path);
        }
        for (String path : List.of("/", "/index.html", "/api/v1/daemon/processes/stop")) {
            assertEquals(401, request("POST", path, null, "action=stopall").statusCode(), path);
        }
        assertEquals(401, request("DELETE", "/api/v1/processes/talker/logs", null, null).statusCode());
        for (String path : List.of("/", "/tail.html?processname=talker", "/api/v1/processes", "/ui/style.css")) {
            assertEquals(200, request("GET", path, auth(), null).statusCode(), path);
        }
        assertEquals("RUNNING", statename("sleeper"));
        // nothing of the pages comes from elsewhere
        String page = request("GET", "/", auth(), null).body();
        assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(page).find(), page);
    }

    @Test
    @Order(10)
    void clearLogRefreshStopAllAndRestartAllFromThePage() throws Exception {
        Path talkerLog = Path.of(field(rpc("supervisor.getProcessInfo", "talker"), "stdout_logfile"));
        assertTrue(Files.size(talkerLog) > 0, "talker has written to its log");
        openStatus();
        page.clickAction("tr[data-namespec=talker]", "clearlog");
        waitFor("clear message", () -> page.banner().equals("banner ok|Log for talker cleared"));
        assertEquals(0, Files.size(talkerLog));

        page.clickAction("#buttons", "refresh");
        waitFor("refresh message", () -> page.banner().startsWith("banner ok|Page refreshed at "));
        assertTrue(page.banner().matches("banner ok\\|Page refreshed at \\w{3} \\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}"),
                page.banner());

        page.clickAction("#buttons", "stopall");
        waitFor("stop all message", () -> page.banner().startsWith("banner ok|All stopped at "));
        for (String p : List.of("sleeper", "talker", "grp:one", "grp:two", "xss")) {
            assertEquals("STOPPED", statename(p), p);
        }
        waitFor("no row running", () -> browser.script(
                "return document.querySelectorAll('tr.proc[data-state=RUNNING]').length;").asInt() == 0);

        page.clickAction("#buttons", "restartall");
        waitFor("restart all message", () -> page.banner().contains("All restarted at "));
        // nofile cannot start and crash exits at once: the banner names them, in the words of the
        // page without script
        String b = page.banner();
        assertTrue(b.startsWith("banner error|ERROR: All restarted at "), b);
        assertTrue(b.contains("nofile: no such file"), b);
        assertTrue(b.contains("crash: "), b);
        for (String p : List.of("sleeper", "keeper", "talker", "victim", "grp:one", "grp:two", "xss")) {
            assertEquals("RUNNING", statename(p), p);
        }
        waitFor("rows show running", () -> "RUNNING|running".equals(page.rowState("sleeper"))
                && "RUNNING|running".equals(page.rowState("keeper")) && "RUNNING|running".equals(page.rowState("grp:two")));
        page.assertNotReloaded();
    }
}
