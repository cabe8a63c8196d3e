package io.jsupervisor.distribution;

import static io.jsupervisor.distribution.DistTree.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jsupervisor.distribution.DistTree.Run;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP servers and /RPC2 of the built distribution, driven by Python's xmlrpc.client (with
 * the reference's SupervisorTransport for the UNIX socket), Java's HttpClient, raw sockets and
 * the reference's own supervisorctl.
 */
class HttpRpcIT {
    static final String PYTHON = "/usr/bin/python3";
    static final String SHA_OF_TEST = "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3";

    @TempDir
    Path tmp;

    private DistTree tree;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void setUp() throws Exception {
        tree = new DistTree(tmp);
    }

    @AfterEach
    void tearDown() throws Exception {
        tree.close();
    }

    static boolean referenceInstalled() {
        return Files.isExecutable(Path.of(PYTHON))
                && Files.isDirectory(Path.of("/usr/lib/python3/dist-packages/supervisor"));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Path sock() {
        return tmp.resolve("s.sock");
    }

    /** Starts the daemon in the foreground with the stock supervisor namespace and {@code extra}. */
    private Run start(String servers, String extra) throws Exception {
        Path conf = tree.config("nodaemon=true\n\n" + servers
                + "\n[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = "
                + "supervisor.rpcinterface:make_main_rpcinterface\n\n"
                + "[program:a]\ncommand=sleep 1000\nstartsecs=0\n\n" + extra);
        Run r = tree.start(List.of("-c", conf.toString()), null);
        lastRun = r;
        await("pidfile", 30, () -> Files.exists(tree.pidfile()) || !r.process().isAlive());
        assertTrue(r.process().isAlive(), () -> "ended: " + r.err());
        await("a running", 15, () -> tree.activityLogText().contains("success: a"));
        // the core reports ready before the HTTP bundle has opened its servers (see README)
        Matcher port = Pattern.compile("port=127\\.0\\.0\\.1:(\\d+)").matcher(servers);
        if (port.find()) {
            int p = Integer.parseInt(port.group(1));
            await("port " + p, 20, () -> {
                try (Socket s = new Socket("127.0.0.1", p)) {
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
        }
        if (servers.contains("[unix_http_server]")) {
            await("socket " + sock(), 20, () -> {
                try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    ch.connect(UnixDomainSocketAddress.of(sock()));
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
        }
        return r;
    }

    /** Runs python with {@code code}; returns stdout, fails on a non-zero exit. */
    private String python(String code) throws Exception {
        Process p = new ProcessBuilder(PYTHON, "-c", code).directory(tmp.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static String proxy(String url, String user, String pass) {
        return "import xmlrpc.client, json\n"
                + "from supervisor.xmlrpc import SupervisorTransport\n"
                + "s = xmlrpc.client.ServerProxy('http://127.0.0.1', transport=SupervisorTransport("
                + (user == null ? "None, None" : "'" + user + "', '" + pass + "'") + ", '" + url + "'))\n";
    }

    private static final String CALLS = ""
            + "methods = s.system.listMethods()\n"
            + "print('methods', json.dumps(methods))\n"
            + "print('help', json.dumps(s.system.methodHelp('system.listMethods')))\n"
            + "print('sig', json.dumps(s.system.methodSignature('system.methodHelp')))\n"
            + "multi = s.system.multicall([{'methodName': 'system.listMethods'},"
            + " {'methodName': 'no.such'}, {'methodName': 'supervisor.getState'}])\n"
            // our own namespace sorts before the reference's names: left out of that comparison
            + "multi[0] = [m for m in multi[0] if not m.startswith('jsupervisor.')]\n"
            + "print('multi', json.dumps(multi))\n"
            + "print('ours', 'jsupervisor.rollingRestart' in methods,"
            + " json.dumps(s.system.methodSignature('jsupervisor.rollingRestart')))\n"
            + "try:\n    s.system.methodHelp('no.such')\nexcept xmlrpc.client.Fault as f:\n"
            + "    print('fault', f.faultCode, f.faultString)\n"
            + "try:\n    s.a.b.c()\nexcept xmlrpc.client.Fault as f:\n    print('fault', f.faultCode, f.faultString)\n";

    private static void assertCalls(String out) {
        assertTrue(out.contains("\"system.listMethods\", \"system.methodHelp\", \"system.methodSignature\", "
                + "\"system.multicall\"]"), out);
        assertTrue(out.contains("\"supervisor.getState\""), out);
        assertTrue(out.contains("help \" Return an array listing the available method names\\n\\n        "
                + "@return array result  An array of method names available (strings).\\n        \""), out);
        assertTrue(out.contains("sig [\"string\", \"string\"]"), out);
        // the bare value, then the fault as a struct inside the array, then the next call's value
        assertTrue(out.contains("multi [[\"supervisor.addProcessGroup\""), out);
        assertTrue(out.contains("{\"faultCode\": 1, \"faultString\": \"UNKNOWN_METHOD\"}, "
                + "{\"statecode\": 1, \"statename\": \"RUNNING\"}]"), out);
        assertTrue(out.contains("fault 4 SIGNATURE_UNSUPPORTED"), out);
        assertTrue(out.contains("fault 1 UNKNOWN_METHOD"), out);
        assertTrue(out.contains("ours True [\"array\", \"string\", \"int\"]"), out);
    }

    @Test
    void pythonXmlrpcOverInetAndUnixSocket() throws Exception {
        assumeTrue(referenceInstalled(), "needs Debian's supervisor package");
        int port = freePort();
        start("[unix_http_server]\nfile=" + sock() + "\n\n[inet_http_server]\nport=127.0.0.1:" + port
                + "\nusername=user\npassword=secret\n", "");
        assertCalls(python(proxy("http://127.0.0.1:" + port, "user", "secret") + CALLS));
        assertCalls(python(proxy("unix://" + sock(), null, null) + CALLS));
        // plain xmlrpc.client over TCP, credentials in the URL
        String out = python("import xmlrpc.client\nprint(xmlrpc.client.ServerProxy('http://user:secret@127.0.0.1:"
                + port + "/RPC2').supervisor.getState())");
        assertTrue(out.contains("'statename': 'RUNNING'"), out);
        String log = tree.activityLogText() + "\n" + lastRun.err();
        assertEquals(2, count(log, "INFO RPC interface 'supervisor' initialized"), log);
        assertTrue(log.contains("CRIT Server 'unix_http_server' running without any HTTP authentication checking"), log);
        assertFalse(log.contains("Server 'inet_http_server' running without"), log);
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private HttpResponse<String> post(int port, String path, String auth, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "text/xml")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(int port, String path, String auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).GET();
        if (auth != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static final String GET_STATE = "<?xml version='1.0'?>\n<methodCall>\n<methodName>supervisor.getState"
            + "</methodName>\n<params>\n</params>\n</methodCall>\n";

    /** jsupervisor's bearer tokens: a server with tokens only answers a Bearer request on every path. */
    @Test
    void bearerTokensOnEveryPath() throws Exception {
        int port = freePort();
        // SHA-256 of "test"
        start("[inet_http_server]\nport=127.0.0.1:" + port
                + "\ntokens={SHA256}9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\n", "");
        HttpResponse<String> denied = post(port, "/RPC2", null, GET_STATE);
        assertEquals(401, denied.statusCode());
        assertEquals("Bearer realm=\"default\"", denied.headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals(401, bearer(port, "/api/v1/daemon", "wrong").statusCode());
        assertEquals(401, get(port, "/api/v1/daemon", "user:test").statusCode(), "no password to match");
        HttpResponse<String> daemon = bearer(port, "/api/v1/daemon", "test");
        assertEquals(200, daemon.statusCode());
        assertTrue(daemon.body().contains("RUNNING"), daemon.body());
        HttpRequest rpc = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/RPC2"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "text/xml").header("Authorization", "Bearer test")
                .POST(HttpRequest.BodyPublishers.ofString(GET_STATE)).build();
        HttpResponse<String> state = http.send(rpc, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, state.statusCode());
        assertTrue(state.body().contains("RUNNING"), state.body());
        String log = tree.activityLogText() + "\n" + lastRun.err();
        assertFalse(log.contains("running without any HTTP authentication checking"), log);
    }

    private HttpResponse<String> bearer(int port, String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void basicAuthOnEveryPathWithShaAndPlainPasswords() throws Exception {
        int port = freePort();
        start("[inet_http_server]\nport=127.0.0.1:" + port + "\nusername=user\npassword={SHA}" + SHA_OF_TEST + "\n\n"
                + "[unix_http_server]\nfile=" + sock() + "\nusername=plain\npassword=pw\n", "");
        HttpResponse<String> r = post(port, "/RPC2", null, GET_STATE);
        assertEquals(401, r.statusCode());
        assertEquals("Basic realm=\"default\"", r.headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals(401, get(port, "/", null).statusCode());
        assertEquals(401, get(port, "/index.html", null).statusCode());
        assertEquals(401, get(port, "/logtail/a", null).statusCode());
        assertEquals(401, post(port, "/RPC2", "user:wrong", GET_STATE).statusCode());
        assertEquals(401, post(port, "/RPC2", "other:test", GET_STATE).statusCode());
        assertEquals(401, post(port, "/RPC2", "user:" + SHA_OF_TEST, GET_STATE).statusCode());
        r = post(port, "/RPC2", "user:test", GET_STATE);
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("RUNNING"), r.body());
        // authenticated, nothing there: 404 rather than 401
        assertEquals(404, get(port, "/no/such/page", "user:test").statusCode());
        String log = tree.activityLogText() + "\n" + lastRun.err();
        assertFalse(log.contains("running without any HTTP authentication checking"), log);

        if (referenceInstalled()) {
            String ok = python(proxy("unix://" + sock(), "plain", "pw") + "print(s.supervisor.getState())");
            assertTrue(ok.contains("RUNNING"), ok);
            String denied = python(proxy("unix://" + sock(), "plain", "nope")
                    + "try:\n    s.supervisor.getState()\nexcept xmlrpc.client.ProtocolError as e:\n"
                    + "    print('status', e.errcode)\n");
            assertTrue(denied.contains("status 401"), denied);
        }
    }

    @Test
    void socketGetsItsModeAndOwnerReplacesAStaleFileAndIsRemovedAtShutdown() throws Exception {
        // a stale socket: bound, then its server gone without unlinking it
        try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.bind(UnixDomainSocketAddress.of(sock()));
        }
        assertTrue(Files.exists(sock(), LinkOption.NOFOLLOW_LINKS));
        boolean root = "root".equals(System.getProperty("user.name"));
        Run r = start("[unix_http_server]\nfile=" + sock() + "\nchmod=0660\n"
                + (root ? "chown=nobody:nogroup\n" : ""), "");
        PosixFileAttributes attrs = Files.readAttributes(sock(), PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        assertTrue(attrs.isOther(), "a socket");
        assertEquals("rw-rw----", PosixFilePermissions.toString(attrs.permissions()));
        if (root) {
            assertEquals("nobody", attrs.owner().getName());
            assertEquals("nogroup", attrs.group().getName());
        }
        assertTrue(r.err().toString().contains("Unlinking stale socket " + sock()), r.err().toString());
        if (referenceInstalled()) {
            String out = python(proxy("unix://" + sock(), null, null) + "print(s.supervisor.getState())");
            assertTrue(out.contains("RUNNING"), out);
        }
        try (var files = Files.list(tmp)) {
            List<String> leftovers = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("s.sock."))
                    .toList();
            assertEquals(List.of(), leftovers, "no temporary socket name left");
        }
        DistTree.kill("TERM", r.process().pid());
        assertTrue(r.process().waitFor(30, TimeUnit.SECONDS));
        assertFalse(Files.exists(sock(), LinkOption.NOFOLLOW_LINKS), "socket removed at shutdown");
    }

    /** Sends raw bytes on a fresh connection and returns what comes back until the server closes or 10 s pass. */
    private static String raw(int port, byte[] request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request);
            out.flush();
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (java.net.SocketTimeoutException e) {
            return "timeout";
        }
    }

    private static String faultOrStatus(HttpResponse<String> r) {
        if (r.statusCode() != 200) {
            return "HTTP " + r.statusCode();
        }
        return r.body().contains("<fault>") ? "fault" : "ok: " + r.body();
    }

    @Test
    void hostileRequestsGetAFaultOr400AndTheDaemonKeepsServing() throws Exception {
        int port = freePort();
        start("[inet_http_server]\nport=127.0.0.1:" + port + "\n", "");
        Path secret = tmp.resolve("secret.txt");
        Files.writeString(secret, "TOPSECRET");

        // a slow client holds a connection open with half a request during everything below
        Socket slow = new Socket("127.0.0.1", port);
        slow.getOutputStream().write(("POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n<?xml")
                .getBytes(StandardCharsets.US_ASCII));
        slow.getOutputStream().flush();

        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE m [<!ENTITY e SYSTEM \"file://" + secret + "\">]>\n"
                + "<methodCall><methodName>system.methodHelp</methodName><params><param><value><string>&e;"
                + "</string></value></param></params></methodCall>";
        HttpResponse<String> r = post(port, "/RPC2", null, xxe);
        assertFalse(r.body().contains("TOPSECRET"), r.body());
        assertTrue(List.of("HTTP 400", "fault").contains(faultOrStatus(r)), faultOrStatus(r));

        StringBuilder lol = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
        lol.append("<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n");
        for (int i = 2; i <= 9; i++) {
            lol.append("<!ENTITY lol").append(i).append(" \"");
            for (int j = 0; j < 10; j++) {
                lol.append("&lol").append(i - 1).append(';');
            }
            lol.append("\">\n");
        }
        lol.append("]>\n<methodCall><methodName>&lol9;</methodName></methodCall>");
        r = post(port, "/RPC2", null, lol.toString());
        assertTrue(List.of("HTTP 400", "fault").contains(faultOrStatus(r)), faultOrStatus(r));

        // CVE-2016-5003's vector: a serialised Java object in Apache's ex: namespace
        String serializable = "<?xml version=\"1.0\"?><methodCall xmlns:ex=\"http://ws.apache.org/xmlrpc/namespaces/"
                + "extensions\"><methodName>system.methodHelp</methodName><params><param><value><ex:serializable>"
                + "rO0ABXQAA2FiYw==</ex:serializable></value></param></params></methodCall>";
        r = post(port, "/RPC2", null, serializable);
        assertTrue(List.of("HTTP 400", "fault").contains(faultOrStatus(r)), faultOrStatus(r));
        String nil = "<?xml version=\"1.0\"?><methodCall><methodName>system.methodHelp</methodName><params><param>"
                + "<value><nil/></value></param></params></methodCall>";
        r = post(port, "/RPC2", null, nil);
        assertTrue(List.of("HTTP 400", "fault").contains(faultOrStatus(r)), faultOrStatus(r));

        r = post(port, "/RPC2", null, "<methodCall><methodName>x" + "y".repeat(3 * 1024 * 1024) + "</methodName></methodCall>");
        assertEquals("fault", faultOrStatus(r));
        assertTrue(r.body().contains("FAILED: request body larger than"), r.body());

        assertEquals("HTTP 400", faultOrStatus(post(port, "/RPC2", null, "garbage")));
        assertEquals("HTTP 400", faultOrStatus(post(port, "/RPC2", null, "")));
        assertEquals("HTTP 400", faultOrStatus(post(port, "/RPC2", null, "<methodCall></methodCall>")));
        assertEquals("HTTP 400", faultOrStatus(post(port, "/RPC2", null, "<methodCall><methodName>a.b</methodName>")));
        byte[] junk = new byte[4096];
        new java.util.Random(42).nextBytes(junk);
        String answer = raw(port, junk);
        assertTrue(answer.startsWith("HTTP/1.1 400") || answer.isEmpty(), answer);
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            bodies.add(faultOrStatus(post(port, "/RPC2", null, GET_STATE)));
        }
        assertTrue(bodies.stream().allMatch(b -> b.startsWith("ok: ") && b.contains("RUNNING")), bodies.toString());

        slow.close();
        String log = tree.activityLogText() + "\n" + lastRun.err();
        assertTrue(log.contains("ERRO XML-RPC request data 'garbage' is invalid: unmarshallable"), log);
        assertTrue(lastRun.process().isAlive());
    }

    @Test
    void responsesUseOnlyStandardTypes() throws Exception {
        int port = freePort();
        start("[inet_http_server]\nport=127.0.0.1:" + port + "\n", "");
        String body = post(port, "/RPC2", null, "<?xml version='1.0'?><methodCall><methodName>supervisor.getAllProcessInfo"
                + "</methodName><params></params></methodCall>").body();
        assertTrue(body.contains("<name>pid</name>"), body);
        assertFalse(body.contains("<i8>") || body.contains("nil") || body.contains("ex:") || body.contains("faultCause"),
                body);
        String fault = post(port, "/RPC2", null, "<?xml version='1.0'?><methodCall><methodName>nope.nope"
                + "</methodName></methodCall>").body();
        assertTrue(fault.contains("<name>faultCode</name><value><i4>1</i4></value>"), fault);
        assertFalse(fault.contains("faultCause"), fault);
    }

    @Test
    void theExamplePluginIsCallableWhenDeployedAndGoneWhenRemoved() throws Exception {
        assumeTrue(referenceInstalled(), "needs Debian's supervisor package");
        start("[unix_http_server]\nfile=" + sock() + "\n",
                "[rpcinterface:jsupervisor_info]\nsupervisor.rpcinterface_factory = "
                + "jsupervisor.example.info:make_info_rpcinterface\n");
        String before = python(proxy("unix://" + sock(), null, null)
                + "print([m for m in s.system.listMethods() if m.startswith('jsupervisor_info.')])\n"
                + "try:\n    s.jsupervisor_info.getGroupNames()\nexcept xmlrpc.client.Fault as f:\n"
                + "    print('fault', f.faultCode, f.faultString)\n");
        assertTrue(before.contains("[]"), before);
        assertTrue(before.contains("fault 1 UNKNOWN_METHOD: RPC interface 'jsupervisor_info' is not available"), before);
        await("missing factory reported", 10, () -> (tree.activityLogText() + lastRun.err()).contains(
                "RPC interface 'jsupervisor_info' is not available: no bundle provides its factory "
                + "'jsupervisor.example.info:make_info_rpcinterface'"));

        Path jar = tree.home.resolve("deploy/jsupervisor-rpc-example.jar");
        Files.copy(tree.home.resolve("examples/jsupervisor-rpc-example.jar"), jar, StandardCopyOption.REPLACE_EXISTING);
        String list = "print('listed' if 'jsupervisor_info.getGroupNames' in s.system.listMethods() else 'absent')\n";
        await("plugin listed", 20, () -> {
            try {
                return python(proxy("unix://" + sock(), null, null) + list).contains("listed");
            } catch (Exception | AssertionError e) {
                return false;
            }
        });
        String calls = python(proxy("unix://" + sock(), null, null)
                + "print(s.jsupervisor_info.getGroupNames(), s.jsupervisor_info.getStateCounts(),"
                + " type(s.jsupervisor_info.getUptime()).__name__)\n"
                + "print(s.system.methodSignature('jsupervisor_info.getStateCounts'))\n");
        assertTrue(calls.contains("['a'] {'RUNNING': 1} int"), calls);
        assertTrue(calls.contains("['struct']"), calls);

        Files.delete(jar);
        await("plugin gone", 20, () -> {
            try {
                return python(proxy("unix://" + sock(), null, null) + list).contains("absent");
            } catch (Exception | AssertionError e) {
                return false;
            }
        });
        String after = python(proxy("unix://" + sock(), null, null)
                + "try:\n    s.jsupervisor_info.getGroupNames()\nexcept xmlrpc.client.Fault as f:\n"
                + "    print('fault', f.faultCode)\nprint(s.supervisor.getState()['statename'])\n");
        assertTrue(after.contains("fault 1") && after.contains("RUNNING"), after);
    }

    @Test
    void theReferenceSupervisorctlDrivesOurDaemon() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/supervisorctl")), "needs Debian's supervisor package");
        int port = freePort();
        start("[unix_http_server]\nfile=" + sock() + "\n\n[inet_http_server]\nport=127.0.0.1:" + port
                + "\nusername=user\npassword={SHA}" + SHA_OF_TEST + "\n\n[supervisorctl]\nserverurl=unix://" + sock() + "\n",
                "");
        Path conf = tmp.resolve("supervisord.conf");
        Process p = new ProcessBuilder("/usr/bin/supervisorctl", "-c", conf.toString(), "status")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertTrue(out.matches("(?s)a\\s+RUNNING\\s+pid \\d+, uptime .*"), out);
        assertEquals(0, p.exitValue(), out);
        p = new ProcessBuilder("/usr/bin/supervisorctl", "-s", "http://127.0.0.1:" + port, "-u", "user", "-p", "test",
                "status", "a").redirectErrorStream(true).start();
        out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertTrue(out.contains("RUNNING"), out);
        assertEquals(0, p.exitValue(), out);
    }

    private Run lastRun;
}
