package io.jsupervisor.rpcinterface.internal;

import io.jsupervisor.fuzzkit.FuzzBudget;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing of what every HTTP request goes through before its handler
 * (docs/fuzzing.md): the Basic authorization check and the root handler's path routing.
 *
 * <p>Each input picks a configured username and password (plain or {@code {SHA}}), then either
 * credentials that a client encodes properly (with fuzzed scheme case, spacing and line breaks in
 * the base64) or a raw Authorization header. Invariants: no exception; a properly encoded header
 * is accepted exactly when its credentials are the configured ones; a raw header is accepted only
 * if its base64 really decodes, byte for byte, to the configured user and password. The routing
 * part checks {@link RootHandler#matches} against its contract on a fuzzed path and prefix.
 */
class HttpRequestFuzzTest {

    @BeforeAll
    static void setUp() {
        FuzzBudget.apply("io.jsupervisor.**");
    }

    @FuzzTest(maxDuration = "5s")
    void authorizesAndRoutes(FuzzedDataProvider data) {
        String user = data.consumeString(16);
        String secret = data.consumeString(16);
        boolean hashed = data.consumeBoolean();
        BasicAuth auth = BasicAuth.of(user, hashed ? "{SHA}" + BasicAuth.sha1Hex(secret) : secret);
        assertNotNull(auth);
        String path = data.consumeString(40);
        String prefix = data.consumeString(12);
        if (data.consumeBoolean()) {
            String givenUser = data.consumeBoolean() ? user : data.consumeString(16);
            String givenSecret = data.consumeBoolean() ? secret : data.consumeString(16);
            String scheme = data.pickValue(new String[] {"Basic", "basic", "BASIC", "bAsIc"});
            String b64 = Base64.getEncoder().encodeToString(
                    (givenUser + ":" + givenSecret).getBytes(StandardCharsets.UTF_8));
            int cut = data.consumeInt(0, b64.length());
            String ws = data.pickValue(new String[] {"", " ", "\r\n ", "\t"});
            String header = data.pickValue(new String[] {"", " ", "\t"}) + scheme + " " + b64.substring(0, cut)
                    + ws + b64.substring(cut) + data.pickValue(new String[] {"", " ", "\r\n"});
            // what goes over the wire is "user:password"; a configured name holding a colon can
            // never match, since the first colon ends the name; and a plain password that starts
            // with {SHA} is read as a hash, as the reference reads it, so it is not itself the password
            boolean right = (givenUser + ":" + givenSecret).equals(user + ":" + secret) && !user.contains(":")
                    && (hashed || !secret.startsWith("{SHA}"));
            assertEquals(right ? BasicAuth.Verdict.OK : BasicAuth.Verdict.UNAUTHORIZED, auth.check(header),
                    header);
        } else {
            String header = data.consumeRemainingAsString();
            BasicAuth.Verdict v = auth.check(header);
            assertNotNull(v);
            if (v == BasicAuth.Verdict.OK) {
                assertTrue(carries(header, user, secret), "accepted " + header + " for " + user + ":" + secret);
            }
        }
        checkRouting(path, prefix);
    }

    /** Independently of BasicAuth: does the header's base64 decode to exactly user:secret? */
    private static boolean carries(String header, String user, String secret) {
        String h = header.strip();
        int sp = h.indexOf(' ');
        if (sp < 0 || !h.substring(0, sp).equalsIgnoreCase("basic")) {
            return false;
        }
        byte[] raw = Base64.getMimeDecoder().decode(h.substring(sp + 1));
        byte[] wanted = (user + ":" + secret).getBytes(StandardCharsets.UTF_8);
        return Arrays.equals(raw, wanted);
    }

    private static void checkRouting(String path, String prefix) {
        boolean m = RootHandler.matches(path, prefix);
        String bare = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        if (prefix.isEmpty() || prefix.equals("/")) {
            assertTrue(m, "the root prefix takes every path");
            return;
        }
        assertEquals(path.equals(bare) || path.startsWith(bare + "/") || path.startsWith(bare + "?"), m,
                path + " under " + prefix);
        // a prefix never takes a path that merely starts with the same letters
        if (m) {
            assertTrue(path.length() == bare.length() || "/?".indexOf(path.charAt(bare.length())) >= 0,
                    path + " under " + prefix);
        }
    }
}
