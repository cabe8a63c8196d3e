package io.jsupervisor.platform.supervisorctl;

import io.jsupervisor.fuzzkit.FuzzBudget;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing of how supervisorctl reads a server's answer to a call
 * (docs/fuzzing.md): the bytes are everything the server sends, status line, headers (sized,
 * chunked or to EOF) and the XML-RPC body. Invariant: a value of the types the commands expect,
 * a {@link RpcClient.Fault}, or an {@link IOException} with a message; any other throwable is a
 * finding, since supervisorctl would die with a stack trace instead of an error line.
 */
class RpcResponseFuzzTest {

    @BeforeAll
    static void setUp() {
        FuzzBudget.apply("io.jsupervisor.**");
    }

    @FuzzTest(maxDuration = "5s")
    void readsAnyResponse(byte[] response) {
        Object value;
        try {
            value = RpcClient.readMethodResponse(new ByteArrayInputStream(response));
        } catch (RpcClient.Fault f) {
            assertNotNull(f.getMessage());
            return;
        } catch (IOException e) {
            assertNotNull(e.getMessage(), "an error says why: " + e);
            return;
        }
        check(value);
    }

    private static void check(Object v) {
        if (v instanceof List<?> l) {
            l.forEach(RpcResponseFuzzTest::check);
        } else if (v instanceof Map<?, ?> m) {
            m.forEach((k, x) -> {
                assertTrue(k instanceof String);
                check(x);
            });
        } else if (!(v == null || v instanceof String || v instanceof Integer || v instanceof Long
                || v instanceof Boolean || v instanceof Double)) {
            fail("unexpected value type " + v.getClass());
        }
    }
}
