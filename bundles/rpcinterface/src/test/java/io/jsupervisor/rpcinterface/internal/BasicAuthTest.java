package io.jsupervisor.rpcinterface.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
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
}
