package io.jsupervisor.fleet.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The page's files and the headers every answer carries. The page is static; its script builds
 * everything from {@code /fleet/api/state} with DOM text nodes (never HTML strings), and the
 * policy lets only our own script and style run, so a process name or description cannot inject
 * markup.
 */
final class FleetPage {
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";
    private static final Map<String, String> TYPES = Map.of("fleet.js", "text/javascript;charset=utf-8",
            "fleet.css", "text/css;charset=utf-8", "fleet.html", "text/html;charset=utf-8");
    private final Map<String, byte[]> files = Map.of("fleet.js", load("fleet.js"), "fleet.css", load("fleet.css"),
            "fleet.html", load("fleet.html"));

    boolean html(Response response, Callback callback) {
        return asset("fleet.html", response, callback);
    }

    boolean asset(String name, Response response, Callback callback) {
        byte[] body = files.get(name);
        if (body == null) {
            return false;
        }
        return send(response, callback, 200, TYPES.get(name), body);
    }

    static boolean json(Response response, Callback callback, int status, String json) {
        return send(response, callback, status, "application/json;charset=utf-8", json.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean send(Response response, Callback callback, int status, String type, byte[] body) {
        response.setStatus(status);
        HttpFields.Mutable h = response.getHeaders();
        h.put(HttpHeader.CONTENT_TYPE, type);
        h.put(HttpHeader.CACHE_CONTROL, "no-store");
        h.put("Content-Security-Policy", CSP);
        h.put("X-Content-Type-Options", "nosniff");
        h.put("X-Frame-Options", "DENY");
        h.put("Referrer-Policy", "same-origin");
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    private static byte[] load(String name) {
        try (InputStream in = FleetPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
