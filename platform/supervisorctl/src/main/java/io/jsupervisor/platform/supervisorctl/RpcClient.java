package io.jsupervisor.platform.supervisorctl;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal XML-RPC client over HTTP/1.1, on a UNIX domain socket ({@code unix:///path}) or TCP
 * ({@code http://host:port}), with Basic auth. The response parser is hand-written: it knows
 * only the XML-RPC vocabulary and refuses DTDs, so no entity can be declared or fetched.
 */
final class RpcClient {

    /** An XML-RPC fault. */
    static final class Fault extends Exception {
        final int code;
        final String string;

        Fault(int code, String string) {
            super(code + ": " + string);
            this.code = code;
            this.string = string;
        }
    }

    /** An HTTP status other than 200 (401 means authentication required). */
    static final class ProtocolError extends IOException {
        final int status;

        ProtocolError(int status, String reason) {
            super(status + " " + reason);
            this.status = status;
        }
    }

    /** Connecting failed: {@code kind} is ENOENT, ECONNREFUSED or OTHER. */
    static final class ConnectError extends IOException {
        final String kind;

        ConnectError(String kind, String message) {
            super(message);
            this.kind = kind;
        }
    }

    final String serverurl;
    String username;
    String password;

    RpcClient(String serverurl, String username, String password) {
        this.serverurl = serverurl;
        this.username = username;
        this.password = password;
    }

    /** An open HTTP connection. */
    static final class Conn implements AutoCloseable {
        final InputStream in;
        final OutputStream out;
        final AutoCloseable closer;

        Conn(InputStream in, OutputStream out, AutoCloseable closer) {
            this.in = in;
            this.out = out;
            this.closer = closer;
        }

        @Override
        public void close() {
            try {
                closer.close();
            } catch (Exception ignored) {
                // closing
            }
        }
    }

    String hostHeader() {
        if (serverurl.startsWith("http://")) {
            String rest = serverurl.substring(7);
            int slash = rest.indexOf('/');
            return slash >= 0 ? rest.substring(0, slash) : rest;
        }
        return "localhost";
    }

    Conn connect() throws IOException {
        if (serverurl.startsWith("unix://")) {
            String path = serverurl.substring(7);
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.connect(UnixDomainSocketAddress.of(path));
            } catch (IOException e) {
                ch.close();
                throw classify(e);
            }
            return new Conn(Channels.newInputStream(ch), Channels.newOutputStream(ch), ch);
        }
        String hostport = hostHeader();
        String host = hostport;
        int port = 80;
        int colon = hostport.lastIndexOf(':');
        if (colon >= 0 && !hostport.endsWith("]")) {
            host = hostport.substring(0, colon);
            try {
                port = Integer.parseInt(hostport.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new ConnectError("OTHER", "nonnumeric port: '" + hostport.substring(colon + 1) + "'");
            }
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port));
        } catch (IOException e) {
            s.close();
            throw classify(e);
        }
        return new Conn(s.getInputStream(), s.getOutputStream(), s);
    }

    private static IOException classify(IOException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("No such file") || e instanceof java.nio.file.NoSuchFileException) {
            return new ConnectError("ENOENT", "[Errno 2] No such file or directory");
        }
        if (m.contains("refused")) {
            return new ConnectError("ECONNREFUSED", "[Errno 111] Connection refused");
        }
        return new ConnectError("OTHER", m);
    }

    private String authHeader() {
        if (username == null || username.isEmpty()) {
            return "";
        }
        String up = username + ":" + (password == null ? "" : password);
        return "Authorization: Basic " + Base64.getEncoder().encodeToString(up.getBytes(StandardCharsets.UTF_8))
                + "\r\n";
    }

    /** Calls {@code method} and returns its decoded result. */
    Object call(String method, Object... params) throws IOException, Fault {
        StringBuilder body = new StringBuilder("<?xml version='1.0'?>\n<methodCall>\n<methodName>")
                .append(esc(method)).append("</methodName>\n<params>\n");
        for (Object p : params) {
            body.append("<param>\n");
            encode(body, p);
            body.append("</param>\n");
        }
        body.append("</params>\n</methodCall>\n");
        byte[] b = body.toString().getBytes(StandardCharsets.UTF_8);
        try (Conn c = connect()) {
            String head = "POST /RPC2 HTTP/1.1\r\nHost: " + hostHeader() + "\r\nAccept-Encoding: identity\r\n"
                    + "User-Agent: jsupervisor-supervisorctl\r\nContent-Type: text/xml\r\n" + authHeader()
                    + "Content-Length: " + b.length + "\r\nConnection: close\r\n\r\n";
            c.out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            c.out.write(b);
            c.out.flush();
            return readMethodResponse(c.in);
        }
    }

    /** The HTTP response to a call, as it arrives: its decoded value, a fault, or why not. */
    static Object readMethodResponse(InputStream in) throws IOException, Fault {
        Response r = readResponse(in);
        if (r.status != 200) {
            throw new ProtocolError(r.status, r.reason);
        }
        byte[] resp = r.readAll();
        return new XmlRpcResponseParser(new String(resp, StandardCharsets.UTF_8)).methodResponse();
    }

    /** Opens a streaming GET; the caller reads {@link Response#read}. */
    Response get(Conn c, String path) throws IOException {
        String head = "GET " + path + " HTTP/1.1\r\nHost: " + hostHeader() + "\r\n" + authHeader()
                + "Accept-Encoding: identity\r\n\r\n";
        c.out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        c.out.flush();
        return readResponse(c.in);
    }

    /** An HTTP response whose body can be read as it arrives (chunked, sized or to EOF). */
    static final class Response {
        int status;
        String reason = "";
        final Map<String, String> headers = new LinkedHashMap<>();
        InputStream in;
        long remaining = -1; // sized body
        boolean chunked;
        long chunkLeft;
        boolean done;

        /** Up to {@code buf.length} body bytes, or -1 at the end. */
        int read(byte[] buf) throws IOException {
            if (done) {
                return -1;
            }
            if (chunked) {
                if (chunkLeft == 0) {
                    String line = readLine(in);
                    if (line == null) {
                        done = true;
                        return -1;
                    }
                    if (line.isEmpty()) {
                        line = readLine(in);
                        if (line == null) {
                            done = true;
                            return -1;
                        }
                    }
                    int semi = line.indexOf(';');
                    String size = (semi >= 0 ? line.substring(0, semi) : line).trim();
                    try {
                        chunkLeft = Long.parseLong(size, 16);
                    } catch (NumberFormatException e) {
                        throw new IOException("bad chunk size: " + size);
                    }
                    if (chunkLeft < 0) {
                        throw new IOException("bad chunk size: " + size);
                    }
                    if (chunkLeft == 0) {
                        done = true;
                        return -1;
                    }
                }
                int n = in.read(buf, 0, (int) Math.min(buf.length, chunkLeft));
                if (n < 0) {
                    done = true;
                    return -1;
                }
                chunkLeft -= n;
                return n;
            }
            if (remaining == 0) {
                done = true;
                return -1;
            }
            int want = remaining > 0 ? (int) Math.min(buf.length, remaining) : buf.length;
            int n = in.read(buf, 0, want);
            if (n < 0) {
                done = true;
                return -1;
            }
            if (remaining > 0) {
                remaining -= n;
            }
            return n;
        }

        byte[] readAll() throws IOException {
            ByteArrayOutputStream bo = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = read(buf)) >= 0) {
                bo.write(buf, 0, n);
                if (bo.size() > 256 * 1024 * 1024) {
                    throw new IOException("response too large");
                }
            }
            return bo.toByteArray();
        }
    }

    static Response readResponse(InputStream raw) throws IOException {
        InputStream in = new java.io.BufferedInputStream(raw, 8192);
        Response r = new Response();
        r.in = in;
        String status = readLine(in);
        if (status == null) {
            throw new EOFException("server closed the connection");
        }
        String[] parts = status.split(" ", 3);
        try {
            r.status = Integer.parseInt(parts[1]);
        } catch (RuntimeException e) {
            throw new IOException("bad status line: " + status);
        }
        r.reason = parts.length > 2 ? parts[2] : "";
        String line;
        while ((line = readLine(in)) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                r.headers.put(line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
            }
        }
        String te = r.headers.get("transfer-encoding");
        if (te != null && te.toLowerCase().contains("chunked")) {
            r.chunked = true;
        } else if (r.headers.containsKey("content-length")) {
            String length = r.headers.get("content-length");
            try {
                r.remaining = Long.parseLong(length);
            } catch (NumberFormatException e) {
                throw new IOException("bad Content-Length: " + length);
            }
            if (r.remaining < 0) {
                throw new IOException("bad Content-Length: " + length);
            }
        }
        return r;
    }

    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                b.write(c);
            }
            if (b.size() > 65536) {
                throw new IOException("header line too long");
            }
        }
        if (c < 0 && b.size() == 0) {
            return null;
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static void encode(StringBuilder b, Object v) {
        b.append("<value>");
        if (v instanceof Boolean bool) {
            b.append("<boolean>").append(bool ? 1 : 0).append("</boolean>");
        } else if (v instanceof Integer || v instanceof Long) {
            b.append("<int>").append(v).append("</int>");
        } else if (v instanceof List<?> l) {
            b.append("<array><data>\n");
            for (Object o : l) {
                encode(b, o);
            }
            b.append("</data></array>");
        } else {
            b.append("<string>").append(esc(String.valueOf(v))).append("</string>");
        }
        b.append("</value>\n");
    }
}
