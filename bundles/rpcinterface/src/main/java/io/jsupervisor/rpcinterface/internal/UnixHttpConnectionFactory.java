package io.jsupervisor.rpcinterface.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ProxyConnectionFactory;

/**
 * HTTP/1.1 for the UNIX domain socket, tolerant of the empty {@code Host:} header that Python
 * Supervisor's own streaming client sends there. {@code supervisorctl tail -f} and {@code fg}
 * open {@code /logtail/...} with {@code Host: } (the socket has no host name), and Jetty 12
 * answers any blank Host with "400 Blank Host" before a handler runs, with no compliance switch
 * to relax it. So on this connector only, each connection's first header block has a blank
 * {@code Host:} line filled in with {@code localhost} as the bytes arrive. Request bodies and
 * later requests on a kept-alive connection pass untouched (that client opens one connection per
 * stream), and a TCP connector never sees this factory.
 */
final class UnixHttpConnectionFactory extends HttpConnectionFactory {
    UnixHttpConnectionFactory(HttpConfiguration config) {
        super(config);
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        return super.newConnection(connector, new BlankHostFilling(endPoint));
    }

    /** Delegates everything to the socket's end point; rewrites only what {@link #fill} adds. */
    static final class BlankHostFilling extends ProxyConnectionFactory.ProxyEndPoint {
        private final HeaderFilter filter = new HeaderFilter();

        BlankHostFilling(EndPoint endPoint) {
            super(endPoint, endPoint.getRemoteSocketAddress(), endPoint.getLocalSocketAddress());
        }

        @Override
        public int fill(ByteBuffer buffer) throws IOException {
            if (filter.done()) {
                return super.fill(buffer);
            }
            int n = super.fill(buffer);
            boolean eof = n < 0;
            // the socket's fill may compact the buffer, so the new bytes are found from the end
            int start = buffer.limit() - Math.max(n, 0);
            filter.restore(buffer, start);
            filter.filter(buffer, start, eof);
            int added = buffer.limit() - start;
            return added == 0 && eof ? -1 : added;
        }
    }

    /**
     * Follows the first header block of a connection and inserts {@code localhost} into a
     * {@code Host:} line whose value is blank. The Python client writes {@code "Host: "} and its
     * CR LF in separate sends, so a line that may still turn out to be a blank Host is withheld
     * (at most {@link #MAX_WITHHELD} bytes) until its end arrives; Jetty's parser sees it whole.
     */
    static final class HeaderFilter {
        private static final byte[] HOST = "localhost".getBytes(StandardCharsets.US_ASCII);
        private static final String PREFIX = "host:";
        static final int MAX_WITHHELD = 64;

        private boolean done;
        private int lineLength; // bytes of the current line passed on so far, excluding CR LF
        private byte[] withheld = new byte[0];

        boolean done() {
            return done;
        }

        /**
         * Puts the bytes withheld by the previous {@link #filter} back in front of the bytes just
         * read, which start at {@code at} (flush mode).
         */
        void restore(ByteBuffer buffer, int at) throws IOException {
            int w = withheld.length;
            if (w == 0) {
                return;
            }
            if (buffer.capacity() - buffer.limit() < w) {
                throw new IOException("request header too large");
            }
            int oldLimit = buffer.limit();
            buffer.limit(oldLimit + w);
            for (int j = oldLimit - 1; j >= at; j--) {
                buffer.put(j + w, buffer.get(j));
            }
            buffer.put(at, withheld);
            withheld = new byte[0];
        }

        /** Rewrites buffer[start, limit) in place and cuts off what must wait for more bytes. */
        void filter(ByteBuffer buffer, int start, boolean eof) {
            int lineStart = lineLength == 0 ? start : -1; // -1: the line began in an earlier fill
            for (int i = start; i < buffer.limit() && !done; i++) {
                byte b = buffer.get(i);
                if (b == '\n') {
                    if (lineLength == 0) {
                        done = true; // the blank line that ends the headers
                    } else if (lineStart >= 0 && blankHost(buffer, lineStart, i)) {
                        i += insertHost(buffer, buffer.get(i - 1) == '\r' ? i - 1 : i);
                    }
                    lineStart = i + 1;
                    lineLength = 0;
                } else if (b != '\r') {
                    lineLength++;
                }
            }
            if (!done && !eof && lineStart >= 0 && lineStart < buffer.limit()
                    && buffer.limit() - lineStart <= MAX_WITHHELD
                    && maybeBlankHost(buffer, lineStart, buffer.limit())) {
                byte[] tail = new byte[buffer.limit() - lineStart];
                buffer.get(lineStart, tail);
                withheld = tail;
                buffer.limit(lineStart);
                lineLength = 0;
            }
        }

        private static int insertHost(ByteBuffer buffer, int at) {
            int k = HOST.length;
            if (buffer.capacity() - buffer.limit() < k) {
                return 0; // no room: left as it is, and Jetty answers 400 as it would anyway
            }
            int oldLimit = buffer.limit();
            buffer.limit(oldLimit + k);
            for (int j = oldLimit - 1; j >= at; j--) {
                buffer.put(j + k, buffer.get(j));
            }
            buffer.put(at, HOST);
            return k;
        }

        /** Whether [from, to) could still grow into a blank Host line. */
        private static boolean maybeBlankHost(ByteBuffer buffer, int from, int to) {
            for (int j = from; j < to; j++) {
                int k = j - from;
                char c = (char) buffer.get(j);
                boolean ok = k < PREFIX.length() ? Character.toLowerCase(c) == PREFIX.charAt(k)
                        : c == ' ' || c == '\t' || c == '\r';
                if (!ok) {
                    return false;
                }
            }
            return true;
        }

        private static boolean blankHost(ByteBuffer buffer, int from, int newline) {
            int end = newline > from && buffer.get(newline - 1) == '\r' ? newline - 1 : newline;
            return end - from >= PREFIX.length() && maybeBlankHost(buffer, from, end);
        }
    }
}
