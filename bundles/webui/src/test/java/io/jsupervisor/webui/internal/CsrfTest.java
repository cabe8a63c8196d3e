package io.jsupervisor.webui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertTrue(Csrf.sameOrigin(null, null, "127.0.0.1:9001"), "no Origin or Referer: rely on the token");
        assertTrue(Csrf.sameOrigin("http://127.0.0.1:9001", null, "127.0.0.1:9001"));
        assertTrue(Csrf.sameOrigin(null, "http://user:pw@127.0.0.1:9001/index.html?x", "127.0.0.1:9001"));
        assertFalse(Csrf.sameOrigin("http://evil.example", null, "127.0.0.1:9001"));
        assertFalse(Csrf.sameOrigin("http://127.0.0.1:9002", null, "127.0.0.1:9001"));
        assertFalse(Csrf.sameOrigin("null", "https://evil.example/page", "127.0.0.1:9001"));
    }
}
