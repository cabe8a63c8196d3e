package io.jsupervisor.distribution;

import static io.jsupervisor.distribution.DistTree.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The HTTP side under hostile input, on one daemon of the built distribution (Basic auth on, at
 * most 1,024 descriptors, first-request timeouts shortened so the test runs in seconds): each
 * attack is refused or answered, the daemon keeps answering a normal client, and its memory
 * stays bounded. XXE, entity expansion, {@code ex:} types and a 3 MB body are in HttpRpcIT.
 * Every test prints its figure as {@code hostile: ...}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileHttpIT extends HostileHttpDaemon {
    @Test
    void deeplyNestedValuesAnswerIncorrectParameters() throws Exception {
        for (int depth : new int[] {200, 250, 40_000, 100_000}) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = post(nested(depth));
            System.out.println("hostile: " + depth + "-deep nesting (" + nested(depth).length() / 1024 + " KiB) -> HTTP "
                    + r.statusCode() + " " + fault(r.body()) + " in " + millis(t0) + " ms");
            assertEquals(200, r.statusCode(), r.body());
            // the reference: INCORRECT_PARAMETERS at every depth; 100k levels (4 MiB) exceed our
            // 2 MiB body limit first (FAILED)
            assertEquals(depth < 100_000 ? "fault 2" : "fault 30", fault(r.body()), r.body());
        }
        stillServing("after deep nesting");
    }

    @Test
    void unconvertibleOffsetIsBadArgumentsNotA500() throws Exception {
        HttpResponse<String> r = post(call("supervisor.readLog", "<double>1e400</double>", "<int>10</int>"));
        System.out.println("hostile: readLog(1e400, 10) -> HTTP " + r.statusCode() + " " + fault(r.body()));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("fault 3", fault(r.body()), r.body());
        assertTrue(r.body().contains("BAD_ARGUMENTS: OverflowError: cannot convert float infinity to integer"), r.body());
        assertFalse(tree.activityLogText().contains("raised an unexpected exception"), tree.activityLogText());
    }

    @Test
    void anEmptyDateIsABadRequestAsInTheReference() throws Exception {
        // found by the request fuzzer: Apache's parser reads <dateTime.iso8601/> as null; the
        // reference answers such a body 400 Bad Request, for any method
        for (String method : List.of("supervisor.getProcessInfo", "supervisor.getState", "system.methodHelp")) {
            HttpResponse<String> r = post(call(method, "<dateTime.iso8601/>"));
            System.out.println("hostile: " + method + "(<dateTime.iso8601/>) -> HTTP " + r.statusCode());
            assertEquals(400, r.statusCode(), r.body());
        }
        stillServing("after empty dates");
    }

    @Test
    void crossOriginPostsAreRefused() throws Exception {
        String body = call("supervisor.getState");
        HttpResponse<String> foreign = post(body, "Origin", "http://evil.example");
        HttpResponse<String> nul = post(body, "Origin", "null");
        HttpResponse<String> same = post(body, "Origin", "http://127.0.0.1:" + port);
        System.out.println("hostile: POST /RPC2 with Origin evil.example -> HTTP " + foreign.statusCode()
                + ", Origin null -> " + nul.statusCode() + ", own origin -> " + same.statusCode());
        assertEquals(403, foreign.statusCode());
        assertEquals(403, nul.statusCode());
        assertFalse(foreign.body().contains("RUNNING"), foreign.body());
        assertEquals(200, same.statusCode());
        await("the refusal logged", 5, () -> tree.activityLogText().contains("Origin 'http://evil.example'"));
    }

    @Test
    void logtailIsNotSniffed() throws Exception {
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/logtail/secretproc")).header("Authorization", AUTH).build(), HttpResponse.BodyHandlers.ofInputStream());
        r.body().close();
        System.out.println("hostile: /logtail X-Content-Type-Options: " + r.headers().firstValue("X-Content-Type-Options"));
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""));
    }

    /** First, so that the memory figures are the streaming's own. */
    @Test
    @Order(1)
    void largeLogsStreamWithBoundedMemory() throws Exception {
        long t0 = System.nanoTime();
        String hash = writeLog(bigLog, BIG_LOG, StandardOpenOption.TRUNCATE_EXISTING);
        System.out.println("hostile: wrote a " + (BIG_LOG >> 20) + " MiB child log in " + millis(t0) + " ms");
        long[] before = memory();

        t0 = System.nanoTime();
        String[] read = streamedString(call("supervisor.readProcessStdoutLog", "<string>secretproc</string>",
                "<int>0</int>", "<int>0</int>"));
        long[] after = memory();
        System.out.println("hostile: readProcessStdoutLog(200 MiB, 0, 0) -> " + read[1] + " bytes in " + millis(t0)
                + " ms; daemon RSS " + before[0] + " -> " + after[0] + " MiB, peak " + after[1] + " MiB");
        assertEquals(String.valueOf(BIG_LOG), read[1]);
        assertEquals(hash, read[0]);
        System.out.println("hostile: daemon heap after it: " + heapInfo());

        t0 = System.nanoTime();
        String[] tail = streamedString(call("supervisor.tailProcessStdoutLog", "<string>secretproc</string>",
                "<int>0</int>", "<int>2147483647</int>"));
        after = memory();
        System.out.println("hostile: tailProcessStdoutLog(200 MiB, 0, 2147483647) -> " + tail[1] + " bytes in "
                + millis(t0) + " ms; daemon RSS " + after[0] + " MiB, peak " + after[1] + " MiB");
        assertEquals(hash, tail[0]);
        assertTrue(tail[3].contains("<i4>" + BIG_LOG + "</i4>") && tail[3].contains("<boolean>0</boolean>"), tail[3]);

        Path main = tree.activityLog();
        long mainBefore = Files.size(main);
        writeLog(main, 40L << 20, StandardOpenOption.APPEND);
        t0 = System.nanoTime();
        String[] mainRead = streamedString(call("supervisor.readLog", "<int>" + mainBefore + "</int>",
                "<int>" + (40L << 20) + "</int>"));
        after = memory();
        System.out.println("hostile: readLog(40 MiB) -> " + mainRead[1] + " bytes in " + millis(t0) + " ms; daemon RSS "
                + after[0] + " MiB, peak " + after[1] + " MiB");
        assertEquals(String.valueOf(40L << 20), mainRead[1]);

        t0 = System.nanoTime();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/tail.html?processname=secretproc&limit=999999999")).header("Authorization", AUTH).build(),
                HttpResponse.BodyHandlers.ofString());
        System.out.println("hostile: tail.html?limit=999999999 on 200 MiB -> HTTP " + page.statusCode() + ", "
                + page.body().length() / 1024 + " KiB in " + millis(t0) + " ms");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().length() < 4 << 20, "page of " + page.body().length());
        assertTrue(after[1] < 400, "daemon peak RSS " + after[1] + " MiB");
        stillServing("after the large logs");
    }

    @Test
    void malformedAndOversizedRequestsAreRefusedAndTheDaemonKeepsServing() throws Exception {
        String fifty = timed("a 50 MiB body", () -> {
            HttpResponse<String> r = post("<methodCall><methodName>x" + "y".repeat(50 << 20) + "</methodName></methodCall>");
            return "HTTP " + r.statusCode() + " " + fault(r.body());
        });
        assertEquals("HTTP 200 fault 30", fifty); // FAILED: request body larger than 2097152 bytes

        String invalid = timed("invalid UTF-8 in a string", () -> {
            String[] around = call("supervisor.getPID", "<string>@</string>").split("@");
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            body.writeBytes(around[0].getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc0});
            body.writeBytes(around[1].getBytes(StandardCharsets.US_ASCII));
            String r = raw(("POST /RPC2 HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH + "\r\nContent-Length: "
                    + body.size() + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII),
                    body.toByteArray());
            return status(r) + " " + fault(r);
        });
        assertTrue(invalid.startsWith("HTTP/1.1 400") || invalid.contains("fault"), invalid);

        String many = timed("a 100k-call multicall", () -> {
            HttpResponse<String> r = post(multicall(100_000, callStruct("supervisor.getPID")));
            return "HTTP " + r.statusCode() + " " + fault(r.body());
        });
        assertEquals("HTTP 200 fault 30", many); // its 10 MB do not fit the 2 MiB body limit
        String fits = timed("a 19k-call multicall", () -> {
            HttpResponse<String> r = post(multicall(19_000, callStruct("supervisor.getPID")));
            return "HTTP " + r.statusCode() + " " + count(r.body(), "<i4>") + " answers";
        });
        assertEquals("HTTP 200 19000 answers", fits);

        if (Files.size(bigLog) < 2 << 20) {
            writeLog(bigLog, 2 << 20, StandardOpenOption.APPEND);
        }
        String amplified = timed("a multicall of 5,000 readProcessStdoutLog(1 MiB)", () -> {
            HttpResponse<String> r = post(multicall(5000, callStruct("supervisor.readProcessStdoutLog",
                    "<string>secretproc</string>", "<int>0</int>", "<int>1048576</int>")));
            return "HTTP " + r.statusCode() + " " + r.body().length() / 1024 + " KiB, "
                    + count(r.body(), "this call was not made") + " calls not made";
        });
        assertTrue(amplified.startsWith("HTTP 200") && amplified.endsWith(" calls not made")
                && !amplified.contains(" 0 calls"), amplified);

        String nestedMulti = timed("a multicall calling multicall", () -> {
            HttpResponse<String> r = post(multicall(3, callStruct("system.multicall", "<array><data>"
                    + callStruct("supervisor.getPID") + "</data></array>")));
            return "HTTP " + r.statusCode() + " " + count(r.body(), "Recursive system.multicall forbidden") + " refusals";
        });
        assertEquals("HTTP 200 3 refusals", nestedMulti);

        String huge = timed("a 40-digit int", () -> {
            HttpResponse<String> r = post(call("supervisor.readLog", "<int>" + "9".repeat(40) + "</int>", "<int>0</int>"));
            return "HTTP " + r.statusCode() + " " + fault(r.body());
        });
        assertTrue(huge.startsWith("HTTP 400") || huge.contains("fault"), huge);

        String url = timed("a 1 MiB URL", () -> status(raw(("POST /RPC2?" + "a".repeat(1 << 20) + " HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: " + AUTH + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII))));
        assertTrue(url.startsWith("HTTP/1.1 414") || url.startsWith("HTTP/1.1 431") || url.startsWith("HTTP/1.1 400"), url);

        String headers = timed("10k headers", () -> {
            StringBuilder sb = new StringBuilder("POST /RPC2 HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH + "\r\n");
            for (int i = 0; i < 10_000; i++) {
                sb.append("X-H").append(i).append(": v\r\n");
            }
            return status(raw(sb.append("Content-Length: 0\r\n\r\n").toString().getBytes(StandardCharsets.US_ASCII)));
        });
        assertTrue(headers.startsWith("HTTP/1.1 431") || headers.startsWith("HTTP/1.1 400"), headers);

        String smuggle = timed("Content-Length with Transfer-Encoding", () -> {
            String getState = call("supervisor.getState");
            return status(raw(("POST /RPC2 HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH + "\r\nContent-Length: 4\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(getState.length()) + "\r\n" + getState
                    + "\r\n0\r\n\r\nGET /logtail/secretproc HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII)));
        });
        assertTrue(smuggle.startsWith("HTTP/1.1 400"), smuggle);
        assertTrue(run.process().isAlive());
    }

    @Test
    void slowClientsAreCutOffWhileANormalClientIsServed() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                Socket s = new Socket("127.0.0.1", port);
                s.getOutputStream().write("POST /RPC2 HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                slow.add(s);
            }
            long t0 = System.nanoTime();
            int served = 0;
            int open = slow.size();
            // each slow client trickles a header byte every 500 ms, well inside the idle timeout
            while (open > 0 && millis(t0) < 12_000) {
                open = 0;
                for (Socket s : slow) {
                    if (!s.isClosed() && !closedByServer(s)) {
                        try {
                            s.getOutputStream().write('X');
                            open++;
                        } catch (IOException e) {
                            s.close();
                        }
                    } else {
                        s.close();
                    }
                }
                stillServing("with " + open + " slow clients connected");
                served++;
                Thread.sleep(500);
            }
            System.out.println("hostile: 200 slowloris clients -> " + (200 - open) + " cut off after " + millis(t0)
                    + " ms (first request deadline 5 s in this test, 30 s by default); " + served
                    + " normal calls answered meanwhile");
            assertEquals(0, open, "slow clients still connected");
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    @Test
    void idleConnectionsCannotTakeAllDescriptors() throws Exception {
        List<SocketChannel> idle = new ArrayList<>();
        long fds = descriptors();
        long attack = System.nanoTime();
        // in batches the listen backlog takes at once, each given time to be accepted, so that
        // the daemon holds as many as it will (all of them, before the connection limit)
        while (idle.size() < 1021 && millis(attack) < 6000) {
            long before = descriptors();
            int batch = Math.min(40, 1021 - idle.size());
            for (int i = 0; i < batch; i++) {
                SocketChannel ch = SocketChannel.open();
                ch.configureBlocking(false);
                ch.connect(new InetSocketAddress("127.0.0.1", port));
                idle.add(ch);
            }
            for (long t1 = System.nanoTime(); descriptors() < before + batch * 9 / 10 && millis(t1) < 300; ) {
                Thread.sleep(10);
            }
            fds = Math.max(fds, descriptors());
        }
        int connected = idle.size();
        try {
            // a new client on a new connection (the shared HttpClient would reuse a pooled one)
            HttpClient fresh = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();
            long t0 = System.nanoTime();
            HttpResponse<String> r = fresh.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/RPC2"))
                    .timeout(Duration.ofSeconds(20)).header("Authorization", AUTH)
                    .POST(HttpRequest.BodyPublishers.ofString(call("supervisor.getState"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            long took = millis(t0);
            System.out.println("hostile: " + connected + " idle connections against 1024 descriptors "
                    + "-> a normal call answered in " + took + " ms (HTTP " + r.statusCode() + "), daemon held at most " + fds
                    + " descriptors");
            assertTrue(fds < 1000, fds + " descriptors open");
            assertEquals(200, r.statusCode());
            assertTrue(took < 15_000, took + " ms");
        } finally {
            for (SocketChannel ch : idle) {
                ch.close();
            }
        }
        stillServing("after the idle connections");
    }

    @Test
    void noPathAnswersWithoutCredentialsAndNothingLeaks() throws Exception {
        Files.writeString(bigLog, "LEAKME log bytes\n", StandardOpenOption.APPEND);
        List<String> auths = new ArrayList<>(List.of("", "Basic", "Basic !!!not-base64!!!", "Bearer abc",
                "Basic " + Base64.getEncoder().encodeToString("nocolon".getBytes(StandardCharsets.UTF_8)),
                "Basic " + Base64.getEncoder().encodeToString("user:wrong".getBytes(StandardCharsets.UTF_8)),
                "Basic " + Base64.getEncoder().encodeToString("user:pw:".getBytes(StandardCharsets.UTF_8))));
        List<String> statuses = new ArrayList<>();
        for (String path : List.of("/", "/index.html", "/tail.html?processname=secretproc", "/logtail/secretproc",
                "/mainlogtail", "/RPC2", "/no/such/path", "/RPC2/../logtail/secretproc", "/api/state", "/%2e%2e/")) {
            for (String auth : auths) {
                for (String method : List.of("GET", "POST")) {
                    String req = method + " " + path + " HTTP/1.1\r\nHost: x\r\n" + (auth.isEmpty() ? ""
                            : "Authorization: " + auth + "\r\n") + "Content-Length: " + call("supervisor.getAllProcessInfo")
                            .length() + "\r\nConnection: close\r\n\r\n" + call("supervisor.getAllProcessInfo");
                    String answer = raw(req.getBytes(StandardCharsets.US_ASCII));
                    String st = status(answer);
                    statuses.add(st);
                    assertTrue(st.startsWith("HTTP/1.1 401") || st.startsWith("HTTP/1.1 400"), method + " " + path + " ["
                            + auth + "]: " + answer);
                    assertFalse(answer.contains("secretproc") || answer.contains("LEAKME") || answer.contains("RUNNING"),
                            method + " " + path + " [" + auth + "]: " + answer);
                }
            }
        }
        System.out.println("hostile: " + statuses.size() + " requests without valid credentials on 10 paths -> "
                + statuses.stream().distinct().sorted().toList() + ", no process name or log byte in any answer");
    }
}
