package io.jsupervisor.webui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsupervisor.rpcinterface.http.SameOrigin;
import org.junit.jupiter.api.Test;

class CsrfTest {
    @Test
    void theTokenIsTiedToTheCredentials() {
        String a = Csrf.token("Basic dXNlcjpwYXNz");
        assertEquals(a, Csrf.token("Basic dXNlcjpwYXNz"), "stable for the same credentials");
        assertNotEquals(a, Csrf.token("Basic b3RoZXI6cGFzcw=="), "another user's token differs");
        assertNotEquals(a, Csrf.token((String) null));
        assertTrue(a.matches("[A-Za-z0-9_-]{43}"), a);
    }

    @Test
    void crossSiteOriginsAreRefused() {
        // the web UI takes the shared check of the HTTP extension point
        assertTrue(SameOrigin.check(null, null, "127.0.0.1:9001"), "no Origin or Referer: rely on the token");
        assertTrue(SameOrigin.check("http://127.0.0.1:9001", null, "127.0.0.1:9001"));
        assertTrue(SameOrigin.check(null, "http://user:pw@127.0.0.1:9001/index.html?x", "127.0.0.1:9001"));
        assertFalse(SameOrigin.check("http://evil.example", null, "127.0.0.1:9001"));
        assertFalse(SameOrigin.check("http://127.0.0.1:9002", null, "127.0.0.1:9001"));
        assertFalse(SameOrigin.check("null", "https://evil.example/page", "127.0.0.1:9001"));
    }
}
