package io.jsupervisor.rpcinterface.internal;

import io.jsupervisor.fuzzkit.FuzzBudget;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing of the /RPC2 body parser (docs/fuzzing.md). Whatever the bytes, {@link
 * XmlRpcCodec#parse} gives a call with a method name and only the spec's value types, or a {@link
 * XmlRpcCodec.Malformed} with a message; any other throwable, or an input running past the
 * per-input time limit, is a finding. Some inputs are put behind a prefix that points an
 * external entity, an external DTD, a parameter entity or an XInclude at a canary file: its
 * contents must never show up in what the parser returns.
 */
class XmlRpcRequestFuzzTest {
    private static final XmlRpcCodec CODEC = new XmlRpcCodec();
    private static final String MARKER = "canary-" + UUID.randomUUID();
    private static Path canary;
    private static String[] prefixes;

    @BeforeAll
    static void setUp() throws IOException {
        FuzzBudget.apply("io.jsupervisor.**", "org.apache.xmlrpc.**", "org.apache.ws.commons.**");
        canary = Files.createTempFile("xmlrpc-fuzz-canary", ".txt");
        Files.writeString(canary, MARKER, StandardCharsets.UTF_8);
        String uri = canary.toUri().toString();
        prefixes = new String[] {
            "",
            "<?xml version='1.0'?><!DOCTYPE methodCall [<!ENTITY x SYSTEM '" + uri + "'>]>",
            "<?xml version='1.0'?><!DOCTYPE methodCall SYSTEM '" + uri + "'>",
            "<?xml version='1.0'?><!DOCTYPE methodCall [<!ENTITY % p SYSTEM '" + uri + "'> %p;]>",
            "<methodCall xmlns:xi='http://www.w3.org/2001/XInclude'><methodName><xi:include href='" + uri
                    + "' parse='text'/></methodName>",
        };
    }

    @AfterAll
    static void tearDown() throws IOException {
        Files.deleteIfExists(canary);
    }

    @FuzzTest(maxDuration = "5s")
    void parsesAnyBody(FuzzedDataProvider data) {
        String prefix = prefixes[data.consumeInt(0, prefixes.length - 1)];
        byte[] rest = data.consumeRemainingAsBytes();
        byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[p.length + rest.length];
        System.arraycopy(p, 0, body, 0, p.length);
        System.arraycopy(rest, 0, body, p.length, rest.length);
        XmlRpcCodec.Call call;
        try {
            call = CODEC.parse(body);
        } catch (XmlRpcCodec.Malformed e) {
            assertNotNull(e.getMessage(), "a parse error says why");
            return;
        }
        assertNotNull(call.method());
        assertFalse(call.method().isEmpty(), "an accepted call names its method");
        // the fuzzer learns the marker from the comparisons below and may write it in itself
        boolean markerInBody = new String(body, StandardCharsets.ISO_8859_1).contains(MARKER);
        assertFalse(!markerInBody && call.method().contains(MARKER), "the external entity was resolved");
        for (Object param : call.params()) {
            checkValue(param, markerInBody);
        }
    }

    /** Only the types the dispatcher knows, and nothing read from the canary. */
    private static void checkValue(Object v, boolean markerInBody) {
        if (v instanceof String s) {
            assertFalse(!markerInBody && s.contains(MARKER), "the external entity was resolved");
        } else if (v instanceof List<?> l) {
            for (Object e : l) {
                checkValue(e, markerInBody);
            }
        } else if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                assertTrue(e.getKey() instanceof String, "struct member names are strings");
                checkValue(e.getKey(), markerInBody);
                checkValue(e.getValue(), markerInBody);
            }
        } else if (!(v instanceof Integer || v instanceof Boolean || v instanceof Double || v instanceof byte[]
                || v instanceof Date)) {
            fail("not a standard XML-RPC value: " + (v == null ? "null" : v.getClass().getName()));
        }
    }
}
