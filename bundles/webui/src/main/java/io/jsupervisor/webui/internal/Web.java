package io.jsupervisor.webui.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/** Response helpers shared by the UI's pages: headers that keep pages private and inert. */
final class Web {
    /**
     * Only our own scripts, styles and connections: an injected {@code <script>} or inline
     * handler would not run even if escaping ever failed; no framing (clickjacking).
     */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private Web() {
    }

    static void headers(Response response, String contentType) {
        HttpFields.Mutable h = response.getHeaders();
        h.put(HttpHeader.CONTENT_TYPE, contentType);
        h.put(HttpHeader.CACHE_CONTROL, "no-cache, no-store");
        h.put(HttpHeader.PRAGMA, "no-cache");
        h.put(HttpHeader.EXPIRES, "Thu, 01 Jan 1970 00:00:00 GMT");
        h.put("Content-Security-Policy", CSP);
        h.put("X-Content-Type-Options", "nosniff");
        h.put("X-Frame-Options", "DENY");
        h.put("Referrer-Policy", "same-origin");
    }

    static boolean send(Response response, Callback callback, int status, String contentType, String body) {
        response.setStatus(status);
        headers(response, contentType);
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    static boolean html(Response response, Callback callback, int status, String body) {
        return send(response, callback, status, "text/html;charset=utf-8", body);
    }

    static boolean redirect(Response response, Callback callback, String location) {
        response.setStatus(303);
        headers(response, "text/plain;charset=utf-8");
        response.getHeaders().put(HttpHeader.LOCATION, location);
        response.write(true, ByteBuffer.wrap(("See " + location + "\n").getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    /** The request's path without the context, percent-decoding left to callers. */
    static String path(Request request) {
        String p = Request.getPathInContext(request);
        return p == null || p.isEmpty() ? "/" : p;
    }

    static Fields query(Request request) {
        return Request.extractQueryParameters(request, StandardCharsets.UTF_8);
    }

    static String value(Fields fields, String name) {
        Fields.Field f = fields.get(name);
        return f == null ? null : f.getValue();
    }

    /** The page frame: head with our stylesheet and script, then {@code body}. */
    static String page(String title, String script, String bodyClass, String body) {
        StringBuilder b = new StringBuilder(4096 + body.length());
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(Html.esc(title)).append("</title>\n")
                .append("<link rel=\"icon\" href=\"data:,\">\n")
                .append("<link rel=\"stylesheet\" href=\"ui/style.css\">\n");
        if (script != null) {
            // api.js first: what the page scripts share (deferred scripts run in order)
            b.append("<script src=\"ui/api.js\" defer></script>\n");
            b.append("<script src=\"ui/").append(script).append("\" defer></script>\n");
        }
        b.append("</head>\n<body class=\"").append(bodyClass).append("\">\n").append(body).append("</body>\n</html>\n");
        return b.toString();
    }
}
