package io.jsupervisor.restapi.internal;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/** Writing answers and reading query parameters. */
final class Http {
    private Http() {}

    static void headers(Response response, String contentType) {
        HttpFields.Mutable h = response.getHeaders();
        h.put(HttpHeader.CONTENT_TYPE, contentType);
        h.put(HttpHeader.CACHE_CONTROL, "no-store");
        h.put("X-Content-Type-Options", "nosniff");
    }

    static boolean send(Response response, Callback callback, int status, String contentType, byte[] body) {
        response.setStatus(status);
        headers(response, contentType);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    static String value(Fields q, String name) {
        Fields.Field f = q.get(name);
        return f == null ? null : f.getValue();
    }

    static String required(Fields q, String name) {
        String v = value(q, name);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("the query parameter " + name + " is required");
        }
        return v;
    }

    static long longValue(Fields q, String name, long absent) {
        String v = value(q, name);
        if (v == null || v.isEmpty()) {
            return absent;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, not " + v);
        }
    }

    /** {@code true}/{@code false}/{@code 1}/{@code 0}; absent gives {@code absent}. */
    static boolean flag(Fields q, String name, boolean absent) {
        String v = value(q, name);
        if (v == null || v.isEmpty()) {
            return absent;
        }
        return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, not " + v);
        };
    }
}
