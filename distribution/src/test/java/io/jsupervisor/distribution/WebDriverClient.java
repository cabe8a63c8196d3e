package io.jsupervisor.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Just enough of the W3C WebDriver protocol, spoken to Debian's chromedriver driving headless
 * Debian chromium: sessions, navigation, elements, scripts, screenshots. Extra HTTP headers
 * (the Basic credentials) are set through chromedriver's CDP passthrough, so every request the
 * page makes (fetch, EventSource, forms) carries them.
 */
final class WebDriverClient implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process driver;
    private final String base;
    private final String session;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    WebDriverClient(Path profile, Path driverLog) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port)
                .redirectErrorStream(true).redirectOutput(driverLog.toFile()).start();
        base = "http://127.0.0.1:" + port;
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                if (call("GET", "/status", null).path("value").path("ready").asBoolean()) {
                    break;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > end || !driver.isAlive()) {
                throw new IllegalStateException("chromedriver did not come up: " + Files.readString(driverLog));
            }
            Thread.sleep(100);
        }
        ObjectNode caps = JSON.createObjectNode();
        ObjectNode options = caps.putObject("capabilities").putObject("alwaysMatch");
        options.put("browserName", "chrome");
        ObjectNode chrome = options.putObject("goog:chromeOptions");
        chrome.put("binary", CHROMIUM.toString());
        ArrayNode args = chrome.putArray("args");
        for (String a : List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile)) {
            args.add(a);
        }
        session = call("POST", "/session", caps).path("value").path("sessionId").asText();
    }

    private JsonNode call(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (body == null && method.equals("GET")) {
            b.GET();
        } else if (method.equals("DELETE")) {
            b.DELETE();
        } else {
            b.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body == null ? Map.of() : body)));
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = JSON.readTree(r.body());
        if (r.statusCode() >= 400) {
            throw new IllegalStateException("WebDriver " + method + " " + path + ": " + r.body());
        }
        return json;
    }

    private JsonNode session(String method, String path, Object body) throws IOException, InterruptedException {
        return call(method, "/session/" + session + path, body).path("value");
    }

    /** A Chrome DevTools command for the current page, through chromedriver. */
    JsonNode cdp(String cmd, Map<String, Object> params) throws Exception {
        return session("POST", "/goog/cdp/execute", Map.of("cmd", cmd, "params", params));
    }

    /** Sends {@code headers} with every request the browser makes from now on. */
    void extraHeaders(Map<String, String> headers) throws Exception {
        cdp("Network.enable", Map.of());
        cdp("Network.setExtraHTTPHeaders", Map.of("headers", headers));
    }

    void basicAuth(String user, String password) throws Exception {
        extraHeaders(Map.of("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes())));
    }

    void get(String url) throws Exception {
        session("POST", "/url", Map.of("url", url));
    }

    String title() throws Exception {
        return session("GET", "/title", null).asText();
    }

    String url() throws Exception {
        return session("GET", "/url", null).asText();
    }

    void windowSize(int width, int height) throws Exception {
        session("POST", "/window/rect", Map.of("width", width, "height", height));
    }

    /** The element's id, or null when nothing matches {@code css}. */
    String find(String css) throws Exception {
        JsonNode list = session("POST", "/elements", Map.of("using", "css selector", "value", css));
        return list.size() == 0 ? null : list.get(0).path(ELEMENT).asText();
    }

    void click(String element) throws Exception {
        session("POST", "/element/" + element + "/click", Map.of());
    }

    void type(String element, String text) throws Exception {
        session("POST", "/element/" + element + "/value", Map.of("text", text));
    }

    String text(String element) throws Exception {
        return session("GET", "/element/" + element + "/text", null).asText();
    }

    /** Runs {@code js} (a function body; {@code arguments} holds {@code args}) and returns its value. */
    JsonNode script(String js, Object... args) throws Exception {
        return session("POST", "/execute/sync", Map.of("script", js, "args", List.of(args)));
    }

    void screenshot(Path png) throws Exception {
        String data = session("GET", "/screenshot", null).asText();
        Files.createDirectories(png.getParent());
        Files.write(png, Base64.getDecoder().decode(data));
    }

    @Override
    public void close() {
        try {
            call("DELETE", "/session/" + session, null);
        } catch (Exception e) {
            // the browser is gone already
        }
        driver.destroy();
        try {
            if (!driver.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                driver.descendants().forEach(ProcessHandle::destroyForcibly);
                driver.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        driver.descendants().forEach(ProcessHandle::destroyForcibly);
    }
}
