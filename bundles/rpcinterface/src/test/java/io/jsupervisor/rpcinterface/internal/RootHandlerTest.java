package io.jsupervisor.rpcinterface.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsupervisor.api.config.RpcInterfaceConfig;
import io.jsupervisor.api.rpc.RpcMethod;
import io.jsupervisor.api.rpc.RpcNamespace;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import io.jsupervisor.rpcinterface.http.SameOrigin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * /RPC2 over a real Jetty server and socket: whatever a method throws, StackOverflowError and
 * OutOfMemoryError included, the client gets an answer (HTTP 500) and the log a CRIT line, never
 * a request left hanging; a foreign Origin is refused with 403.
 */
class RootHandlerTest {
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final ServerLog log = new ServerLog(() -> (level, m) -> logged.add(level.label() + " " + m));
    private Server server;
    private int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        Namespaces namespaces = new Namespaces(log);
        RpcNamespace ns = () -> List.of(
                new RpcMethod("overflow", List.of(), "", p -> {
                    throw new StackOverflowError();
                }),
                new RpcMethod("oom", List.of(), "", p -> CompletableFuture.failedFuture(
                        new OutOfMemoryError("Java heap space"))),
                new RpcMethod("ok", List.of(), "", p -> CompletableFuture.completedFuture("fine")));
        namespaces.addFactory(1L, "f:make", (manager, options) -> ns);
        namespaces.start(null, List.of(new RpcInterfaceConfig("t", "f:make", Map.of())), 1);
        QueuedThreadPool pool = new QueuedThreadPool(8, 2);
        server = new Server(pool);
        ServerConnector c = new ServerConnector(server);
        c.setHost("127.0.0.1");
        server.addConnector(c);
        server.setHandler(new RootHandler(Map::of, new Dispatcher(namespaces::current, Map.of()), new XmlRpcCodec(),
                log, 1 << 20, pool));
        server.start();
        port = c.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    private HttpResponse<String> post(String method, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/RPC2"))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(
                        "<?xml version='1.0'?><methodCall><methodName>" + method + "</methodName></methodCall>"));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void errorsOfAMethodAnswer500AndACritLine() throws Exception {
        for (String method : List.of("t.overflow", "t.oom")) {
            HttpResponse<String> r = post(method);
            assertEquals(500, r.statusCode(), method + ": " + r.body());
        }
        assertTrue(logged.stream().anyMatch(l -> l.startsWith("CRIT") && l.contains("java.lang.StackOverflowError")),
                logged.toString());
        assertTrue(logged.stream().anyMatch(l -> l.startsWith("CRIT") && l.contains("OutOfMemoryError")),
                logged.toString());
        assertEquals(200, post("t.ok").statusCode());
    }

    @Test
    void aForeignOriginIsRefused() throws Exception {
        assertEquals(403, post("t.ok", "Origin", "http://evil.example").statusCode());
        assertEquals(200, post("t.ok", "Origin", "http://127.0.0.1:" + port).statusCode());
        assertTrue(logged.stream().anyMatch(l -> l.startsWith("WARN") && l.contains("evil.example")), logged.toString());
        assertTrue(SameOrigin.check("https://Host:1/x", null, "host:1"));
        assertTrue(!SameOrigin.check("null", null, "host") && !SameOrigin.check("http://a", null, null));
    }
}
