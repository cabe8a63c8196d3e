package io.jsupervisor.rpcinterface.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A streamed file text is the very document the in-heap writer makes of the decoded string, over
 * a real Jetty server and socket: multi-byte characters and invalid sequences cut by the chunk
 * boundaries, markup characters, a file that shrank since the method ran.
 */
class StreamedAnswerTest {
    @TempDir
    Path tmp;

    /** Text with 4-byte, 3-byte and 2-byte characters, & < >, control characters and invalid bytes. */
    static byte[] awkwardLog(int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + 16);
        Random random = new Random(7);
        byte[][] pieces = {"a".getBytes(StandardCharsets.UTF_8), "é".getBytes(StandardCharsets.UTF_8),
                "€".getBytes(StandardCharsets.UTF_8), "😀".getBytes(StandardCharsets.UTF_8),
                "&<>".getBytes(StandardCharsets.UTF_8), {0x01, 0x1b}, {(byte) 0xff}, {(byte) 0xe2, (byte) 0x82},
                "line\n".getBytes(StandardCharsets.UTF_8)};
        while (out.size() < size) {
            out.writeBytes(pieces[random.nextInt(pieces.length)]);
        }
        return out.toByteArray();
    }

    @Test
    void streamsTheSameDocumentAsTheInHeapWriter() throws Exception {
        byte[] log = awkwardLog(3 * StreamedAnswer.CHUNK + 12345);
        Path file = tmp.resolve("child.log");
        Files.write(file, log);
        long offset = 5;
        long length = log.length - 10;
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                long shrunk = request.getHttpURI().getQuery() != null ? 1000 : 0;
                StreamedAnswer.send(response, callback, XmlRpcResponseWriter.responseParts(
                        List.of(new FileText(file, offset, length + shrunk), 42, "tail")));
                return true;
            }
        });
        server.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
            byte[] streamed = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray())
                    .body();
            String decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .decode(java.nio.ByteBuffer.wrap(log, (int) offset, (int) length)).toString();
            byte[] inHeap = XmlRpcResponseWriter.response(List.of(decoded, 42, "tail"));
            assertEquals(inHeap.length, streamed.length);
            assertArrayEquals(inHeap, streamed);
            assertTrue(new String(streamed, StandardCharsets.UTF_8).contains("&amp;&lt;&gt;"));

            // the file is shorter than the slice measured when the method ran: what is left
            byte[] shorter = http.send(HttpRequest.newBuilder(URI.create(uri + "?shrunk")).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body();
            String rest = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .decode(java.nio.ByteBuffer.wrap(log, (int) offset, log.length - (int) offset)).toString();
            assertArrayEquals(XmlRpcResponseWriter.response(List.of(rest, 42, "tail")), shorter);
        } finally {
            server.stop();
        }
    }
}
