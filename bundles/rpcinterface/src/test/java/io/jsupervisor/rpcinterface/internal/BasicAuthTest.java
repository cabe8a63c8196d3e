package io.jsupervisor.rpcinterface.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class BasicAuthTest {
    private static String basic(String s) {
        return "Basic " + Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void plainAndShaPasswords() {
        BasicAuth plain = BasicAuth.of("user", "p:w");
        assertEquals(BasicAuth.Verdict.OK, plain.check(basic("user:p:w")));
        assertEquals(BasicAuth.Verdict.OK, plain.check("basic " + basic("user:p:w").substring(6)));
        assertEquals(BasicAuth.Verdict.UNAUTHORIZED, plain.check(basic("user:p")));
        assertEquals(BasicAuth.Verdict.UNAUTHORIZED, plain.check(basic("other:p:w")));
        assertEquals(BasicAuth.Verdict.UNAUTHORIZED, plain.check(null));
        assertEquals(BasicAuth.Verdict.UNAUTHORIZED, plain.check("Digest abc"));
        assertEquals(BasicAuth.Verdict.UNAUTHORIZED, plain.check(basic("nocolon")));
        assertEquals(BasicAuth.Verdict.MALFORMED, plain.check("Basic %%%"));

        BasicAuth sha = BasicAuth.of("user", "{SHA}a94a8fe5ccb19ba61c4c0873d391e987982fbbd3");
        assertEquals(BasicAuth.Verdict.OK, sha.check(basic("user:test")));
        assertEquals(BasicAuth.Verdict.UNAUTHORIZED, sha.check(basic("user:a94a8fe5ccb19ba61c4c0873d391e987982fbbd3")));
        assertNull(BasicAuth.of(null, null));
    }

    @Test
    void bearerTokensPlainOrHashedBesideOrInsteadOfAPassword() {
        // "test": SHA-1 a94a8f..., SHA-256 9f86d0...
        BasicAuth both = BasicAuth.of("user", "pw", List.of("s3cret",
                "{SHA256}9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"));
        assertEquals(BasicAuth.Verdict.OK, both.check("Bearer s3cret"));
        assertEquals(BasicAuth.Verdict.OK, both.check("bearer test"));
        assertEquals(BasicAuth.Verdict.OK, both.check(basic("user:pw")), "the password still works");
        assertEquals(BasicAuth.Verdict.UNAUTHORIZED, both.check("Bearer s3cre"));
        assertEquals(BasicAuth.Verdict.UNAUTHORIZED,
                both.check("Bearer 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"), "not the hash itself");
        assertEquals("Basic realm=\"default\"", both.challenge());

        BasicAuth tokensOnly = BasicAuth.of(null, null, List.of("{SHA}a94a8fe5ccb19ba61c4c0873d391e987982fbbd3"));
        assertEquals(BasicAuth.Verdict.OK, tokensOnly.check("Bearer test"));
        assertEquals(BasicAuth.Verdict.UNAUTHORIZED, tokensOnly.check(basic("user:test")), "no password to match");
        assertEquals(BasicAuth.Verdict.UNAUTHORIZED, tokensOnly.check(null));
        assertEquals("Bearer realm=\"default\"", tokensOnly.challenge());

        BasicAuth passwordOnly = BasicAuth.of("user", "pw", List.of());
        assertEquals(BasicAuth.Verdict.UNAUTHORIZED, passwordOnly.check("Bearer pw"), "no tokens: Bearer never passes");
    }
}
