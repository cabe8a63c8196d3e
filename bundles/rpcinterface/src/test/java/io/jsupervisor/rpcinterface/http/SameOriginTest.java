package io.jsupervisor.rpcinterface.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SameOriginTest {
    @Test
    void aPageOfTheDaemonsOwnOriginPasses() {
        assertTrue(SameOrigin.check("http://127.0.0.1:9001", null, "127.0.0.1:9001"));
        assertTrue(SameOrigin.check("HTTP://LocalHost:9001", null, "localhost:9001"));
        assertTrue(SameOrigin.check(null, "http://u@127.0.0.1:9001/index.html?x=1", "127.0.0.1:9001"));
        assertTrue(SameOrigin.check(null, null, "127.0.0.1:9001"), "not a browser page: curl, scripts");
    }

    @Test
    void anotherOriginOrAnOpaqueOneIsRefused() {
        assertFalse(SameOrigin.check("http://evil.example", null, "127.0.0.1:9001"));
        assertFalse(SameOrigin.check("http://127.0.0.1:9002", null, "127.0.0.1:9001"));
        assertFalse(SameOrigin.check(null, "http://127.0.0.1:9001@evil.example/", "127.0.0.1:9001"));
        assertFalse(SameOrigin.check("null", "http://127.0.0.1:9001/", "127.0.0.1:9001"));
        assertFalse(SameOrigin.check("http://127.0.0.1:9001", null, null));
    }
}
