package io.jsupervisor.pycompat.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void writesTheShapesTheApiUses() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a\"b\\c\nd\te\u0001");
        m.put("n", 42);
        m.put("l", -7L);
        m.put("d", 1.5);
        m.put("nan", Double.NaN);
        m.put("b", false);
        m.put("z", null);
        m.put("list", List.of(1, "x"));
        assertEquals("{\"s\":\"a\\\"b\\\\c\\nd\\te\\u0001\",\"n\":42,\"l\":-7,\"d\":1.5,\"nan\":null,\"b\":false,"
                + "\"z\":null,\"list\":[1,\"x\"]}", Json.write(m));
    }

    @Test
    void markupAndLineSeparatorsAreEscaped() {
        assertEquals("\"\\u003c/script\\u003e \\u0026 \\u2028\"", Json.write("</script> & \u2028"));
        assertEquals("\"é ☃ \uD83D\uDE00\"", Json.write("é ☃ \uD83D\uDE00"));
    }
}
