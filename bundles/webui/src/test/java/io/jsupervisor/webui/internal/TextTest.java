package io.jsupervisor.webui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jsupervisor.pycompat.json.Json;
import org.junit.jupiter.api.Test;

class TextTest {
    @Test
    void htmlEscapesMarkupAndQuotes() {
        assertEquals("&lt;script&gt;x(&quot;a&quot;,&#39;b&#39;)&lt;/script&gt; &amp;amp;",
                Html.esc("<script>x(\"a\",'b')</script> &amp;"));
        assertEquals("plain", Html.esc("plain"));
        assertEquals("", Html.esc(null));
    }

    @Test
    void queriesAreQuotedAsTheReferenceDoes() {
        assertEquals("g%3Aa", Html.query("g:a"));
        assertEquals("g%3A%2A", Html.query("g:*"));
        assertEquals("a/b_c.d-e~%20%C3%A9", Html.query("a/b_c.d-e~ é"));
    }

    @Test
    void jsonStringsAreInertInHtml() {
        assertEquals("\"\\u003c/script\\u003e \\\"q\\\" \\\\ \\n \\u0001 \\u0026\"", Json.write("</script> \"q\" \\ \n \u0001 &"));
        assertEquals("null", Json.write(null));
    }
}
