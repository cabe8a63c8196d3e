package io.jsupervisor.webui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
