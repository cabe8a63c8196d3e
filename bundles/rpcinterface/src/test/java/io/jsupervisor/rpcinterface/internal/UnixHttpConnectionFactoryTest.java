package io.jsupervisor.rpcinterface.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class UnixHttpConnectionFactoryTest {

    /**
     * Feeds the chunks as successive fills into one buffer (flush mode) as the end point does,
     * and returns what the parser would have seen after each fill, joined by '|'.
     */
    private static String fill(int capacity, String... chunks) throws Exception {
        String appended = fill(capacity, false, chunks);
        String compacted = fill(capacity, true, chunks);
        assertEquals(appended, compacted, "the same whether the socket compacts the buffer or appends");
        return appended;
    }

    /**
     * @param compact the parser consumed everything and the socket's fill compacts the empty
     *     buffer to the front before reading (what Jetty does), else new bytes are appended
     */
    private static String fill(int capacity, boolean compact, String... chunks) throws Exception {
        UnixHttpConnectionFactory.HeaderFilter filter = new UnixHttpConnectionFactory.HeaderFilter();
        ByteBuffer buf = ByteBuffer.allocate(capacity);
        buf.limit(0);
        StringBuilder seen = new StringBuilder();
        for (String c : chunks) {
            if (compact) {
                buf.position(0);
                buf.limit(0);
            }
            byte[] b = c.getBytes(StandardCharsets.ISO_8859_1);
            int at = buf.limit();
            buf.limit(at + b.length);
            buf.put(at, b);
            int start = buf.limit() - b.length;
            if (!filter.done()) {
                filter.restore(buf, start);
                filter.filter(buf, start, false);
            }
            byte[] out = new byte[buf.limit() - start];
            buf.get(start, out);
            seen.append(seen.length() == 0 ? "" : "|").append(new String(out, StandardCharsets.ISO_8859_1));
        }
        return seen.toString();
    }

    @Test
    void blankHostOfPythonStreamingClientIsFilled() throws Exception {
        String req = "GET /logtail/cat HTTP/1.1\r\nHost: \r\nAuthorization: Basic eDp5\r\n\r\n";
        assertEquals("GET /logtail/cat HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic eDp5\r\n\r\n",
                fill(4096, req));
    }

    @Test
    void caseAndTabsAndBareNewlines() throws Exception {
        assertEquals("GET / HTTP/1.1\nhOsT:\t localhost\n\n", fill(4096, "GET / HTTP/1.1\nhOsT:\t \n\n"));
    }

    @Test
    void realHostAndOtherHeadersAreUntouched() throws Exception {
        String req = "GET / HTTP/1.1\r\nHost: example\r\nX-Host: \r\nHostname: \r\n\r\n";
        assertEquals(req, fill(4096, req));
    }

    @Test
    void bodyAndLaterRequestsAreNeverRewritten() throws Exception {
        String req = "POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nHost: \r\n\r\n";
        assertEquals(req.replace("|", ""),
                fill(4096, req.substring(0, 20), req.substring(20, 50), req.substring(50)).replace("|", ""));
    }

    @Test
    void pythonClientSendsEachPieceSeparately() throws Exception {
        // supervisor's http_client: one send per push, so "Host: " and its CR LF come apart
        String seen = fill(4096, "GET /logtail/cat/stdout HTTP/1.1", "\r\n", "Host: ", "\r\n",
                "Accept-Encoding: chunked", "\r\n", "\r\n");
        assertEquals("GET /logtail/cat/stdout HTTP/1.1|\r\n||Host: localhost\r\n|Accept-Encoding: chunked|\r\n|\r\n",
                seen);
    }

    @Test
    void withheldPrefixThatTurnsOutOtherwiseIsPassedOnUnchanged() throws Exception {
        assertEquals("GET / HTTP/1.1\r\n||Hostname: x\r\n|\r\n",
                fill(4096, "GET / HTTP/1.1\r\n", "Host", "name: x\r\n", "\r\n"));
        assertEquals("GET / HTTP/1.1\r\n||Host: example\r\n",
                fill(4096, "GET / HTTP/1.1\r\n", "Host: ", "example\r\n"));
    }

    @Test
    void fullBufferIsLeftAlone() throws Exception {
        String req = "GET / HTTP/1.1\r\nHost: \r\n\r\n";
        assertEquals(req, fill(req.length() + 3, req));
    }
}
