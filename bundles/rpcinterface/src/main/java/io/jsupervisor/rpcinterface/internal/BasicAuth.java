package io.jsupervisor.rpcinterface.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The reference's HTTP Basic check for one server: a username and a password written plain or as
 * {@code {SHA}} and the hex SHA-1 of the password. Comparisons take the same time whatever
 * matches.
 */
final class BasicAuth {
    enum Verdict { OK, UNAUTHORIZED, MALFORMED }

    private final byte[] username;
    private final String password;

    /** @return null when {@code username} is null: the server is open */
    static BasicAuth of(String username, String password) {
        return username == null ? null : new BasicAuth(username, password == null ? "" : password);
    }

    private BasicAuth(String username, String password) {
        this.username = username.getBytes(StandardCharsets.UTF_8);
        this.password = password;
    }

    /** @param header the Authorization header, or null */
    Verdict check(String header) {
        if (header == null) {
            return Verdict.UNAUTHORIZED;
        }
        String h = header.strip();
        int sp = h.indexOf(' ');
        if (sp < 0 || !h.substring(0, sp).toLowerCase(Locale.ROOT).equals("basic")) {
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
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
