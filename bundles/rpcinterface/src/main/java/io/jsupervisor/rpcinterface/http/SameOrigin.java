package io.jsupervisor.rpcinterface.http;

import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * Whether a request that changes something comes from a page of the daemon's own origin, the
 * check that keeps another site's page from driving the daemon through a browser that holds its
 * credentials (cross-site request forgery). Browsers name the page's origin in {@code Origin}
 * (or at least {@code Referer}) on such requests; a client that sends neither is not a browser
 * page and passes. An origin of {@code null} (sandboxed frames, some redirects) never passes.
 *
 * @since 1.1
 */
public final class SameOrigin {
    private SameOrigin() {}

    public static boolean check(Request request) {
        return check(request.getHeaders().get(HttpHeader.ORIGIN), request.getHeaders().get(HttpHeader.REFERER),
                request.getHeaders().get(HttpHeader.HOST));
    }

    /**
     * @param origin the {@code Origin} header, or null
     * @param referer the {@code Referer} header, used when there is no {@code Origin}, or null
     * @param host the {@code Host} header the request was sent with, or null
     */
    public static boolean check(String origin, String referer, String host) {
        String claimed = origin != null ? origin : referer;
        if (claimed == null) {
            return true;
        }
        if (claimed.equals("null") || host == null) {
            return false;
        }
        return authority(claimed).equals(host.trim().toLowerCase(Locale.ROOT));
    }

    /** {@code scheme://user@host:port/path} to {@code host:port}, lower-cased. */
    private static String authority(String url) {
        String a = url.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
        int slash = a.indexOf('/');
        if (slash >= 0) {
            a = a.substring(0, slash);
        }
        int at = a.lastIndexOf('@');
        if (at >= 0) {
            a = a.substring(at + 1);
        }
        return a.toLowerCase(Locale.ROOT);
    }
}
