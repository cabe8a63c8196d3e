package io.jsupervisor.rpcinterface.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * jsupervisor's bearer tokens for one server ({@code tokens=}): {@code Authorization: Bearer T}
 * passes when T is one of them, written plain, as {@code {SHA}} and T's hex SHA-1, or as
 * {@code {SHA256}} and its hex SHA-256. Every token is compared, each in time independent of
 * where it differs, so the answer's timing says nothing about which token came close.
 */
final class BearerTokens {
    private final List<String> tokens;

    BearerTokens(List<String> tokens) {
        this.tokens = List.copyOf(tokens);
    }

    boolean isEmpty() {
        return tokens.isEmpty();
    }

    /** @param given the token after {@code Bearer } */
    boolean accepts(String given) {
        String sha1 = hex("SHA-1", given);
        String sha256 = hex("SHA-256", given);
        boolean ok = false;
        for (String t : tokens) {
            String expected;
            String actual;
            if (t.startsWith("{SHA}")) {
                expected = t.substring(5).toLowerCase(Locale.ROOT);
                actual = sha1;
            } else if (t.startsWith("{SHA256}")) {
                expected = t.substring(8).toLowerCase(Locale.ROOT);
                actual = sha256;
            } else {
                expected = t;
                actual = given;
            }
            ok |= MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
        }
        return ok;
    }

    static String hex(String algorithm, String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
