package io.jsupervisor.rpcinterface.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The credentials one server accepts: the reference's HTTP Basic check (a username and a
 * password written plain or as {@code {SHA}} and the hex SHA-1 of the password), and
 * jsupervisor's bearer tokens ({@link BearerTokens}). Comparisons take the same time whatever
 * matches.
 */
final class BasicAuth {
    enum Verdict { OK, UNAUTHORIZED, MALFORMED }

    /** Null when only tokens are accepted. */
    private final byte[] username;
    private final String password;
    private final BearerTokens tokens;

    /** @return null when there is neither a username nor a token: the server is open */
    static BasicAuth of(String username, String password) {
        return of(username, password, List.of());
    }

    /** @return null when there is neither a username nor a token: the server is open */
    static BasicAuth of(String username, String password, List<String> tokens) {
        if (username == null && tokens.isEmpty()) {
            return null;
        }
        return new BasicAuth(username, password == null ? "" : password, new BearerTokens(tokens));
    }

    private BasicAuth(String username, String password, BearerTokens tokens) {
        this.username = username == null ? null : username.getBytes(StandardCharsets.UTF_8);
        this.password = password;
        this.tokens = tokens;
    }

    /** The WWW-Authenticate challenge of a 401: Basic when a password is accepted (browsers ask for it). */
    String challenge() {
        return username != null ? "Basic realm=\"default\"" : "Bearer realm=\"default\"";
    }

    /** @param header the Authorization header, or null */
    Verdict check(String header) {
        if (header == null) {
            return Verdict.UNAUTHORIZED;
        }
        String h = header.strip();
        int sp = h.indexOf(' ');
        String scheme = sp < 0 ? "" : h.substring(0, sp).toLowerCase(Locale.ROOT);
        if (scheme.equals("bearer") && !tokens.isEmpty()) {
            return tokens.accepts(h.substring(sp + 1).strip()) ? Verdict.OK : Verdict.UNAUTHORIZED;
        }
        if (!scheme.equals("basic") || username == null) {
            return Verdict.UNAUTHORIZED;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(h.substring(sp + 1).replaceAll("\\s", "")), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Verdict.MALFORMED;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Verdict.UNAUTHORIZED;
        }
        boolean userOk = MessageDigest.isEqual(username,
                decoded.substring(0, colon).getBytes(StandardCharsets.UTF_8));
        boolean passOk = passwordMatches(decoded.substring(colon + 1));
        return userOk & passOk ? Verdict.OK : Verdict.UNAUTHORIZED;
    }

    private boolean passwordMatches(String given) {
        if (password.startsWith("{SHA}")) {
            String hash = sha1Hex(given);
            return MessageDigest.isEqual(password.substring(5).getBytes(StandardCharsets.UTF_8),
                    hash.getBytes(StandardCharsets.UTF_8));
        }
        return MessageDigest.isEqual(password.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }

    static String sha1Hex(String s) {
        return BearerTokens.hex("SHA-1", s);
    }
}
