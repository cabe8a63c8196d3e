package io.jsupervisor.webui.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * The anti-CSRF token the confirmation form's POST to {@code index.html} must carry (the page's
 * script acts through {@code /api/v1}, which refuses other origins instead): an HMAC, under a key
 * drawn at random when the bundle starts, of the request's credentials (its Authorization
 * header). A page from another site can make the browser send the credentials but cannot read
 * our pages, so it cannot know the token. Tokens change when the bundle or daemon restarts and
 * differ per user; nothing is stored.
 */
final class Csrf {
    private static final byte[] KEY = new byte[32];

    static {
        new SecureRandom().nextBytes(KEY);
    }

    private Csrf() {
    }

    static String token(Request request) {
        return token(request.getHeaders().get(HttpHeader.AUTHORIZATION));
    }

    /** The token for the credentials in {@code auth} (an Authorization header, or null on an open server). */
    static String token(String auth) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
            byte[] h = mac.doFinal(("jsupervisor-webui\0" + (auth == null ? "" : auth)).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(h);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when {@code given} is this request's token (compared in constant time). */
    static boolean valid(Request request, String given) {
        if (given == null || given.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(token(request).getBytes(StandardCharsets.US_ASCII),
                given.getBytes(StandardCharsets.UTF_8));
    }
}
