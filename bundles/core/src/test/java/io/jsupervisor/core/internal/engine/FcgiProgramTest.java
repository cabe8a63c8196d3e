package io.jsupervisor.core.internal.engine;

import static io.jsupervisor.api.process.ProcessState.RUNNING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * [fcgi-program:x] pools with real sockets: each process finds the pool's listening socket as its
 * descriptor 0 (a Java child takes it with System.inheritedChannel, as an inetd service would),
 * the socket exists while a process holds it, and it is closed when the last one is reaped.
 */
class FcgiProgramTest {
    @TempDir
    Path dir;

    /** A child that answers every connection on its inherited socket with its own pid. */
    private String childCommand() throws IOException {
        Path source = dir.resolve("Answer.java");
        Files.writeString(source, """
                public class Answer {
                    public static void main(String[] args) throws Exception {
                        var server = (java.nio.channels.ServerSocketChannel) System.inheritedChannel();
                        System.out.println("listening on " + server.getLocalAddress());
                        while (true) {
                            try (var c = server.accept()) {
                                String pid = "pid " + ProcessHandle.current().pid() + "\\n";
                                c.write(java.nio.ByteBuffer.wrap(pid.getBytes()));
                            }
                        }
                    }
                }
                """);
        return Path.of(System.getProperty("java.home"), "bin", "java") + " -Xshare:auto -XX:TieredStopAtLevel=1 "
                + source;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String ask(SocketAddress address) throws IOException {
        StandardProtocolFamily family = address instanceof UnixDomainSocketAddress
                ? StandardProtocolFamily.UNIX : StandardProtocolFamily.INET;
        try (SocketChannel c = SocketChannel.open(family)) {
            c.connect(address);
            ByteBuffer buf = ByteBuffer.allocate(64);
            while (c.read(buf) >= 0) {
                // until the child closes
            }
            return new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII);
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void everyProcessOfThePoolAcceptsOnTheSharedTcpSocket() throws Exception {
        int port = freePort();
        String url = "tcp://127.0.0.1:" + port;
        try (EngineFixture f = new EngineFixture(dir, "[fcgi-program:fc]\nsocket=" + url + "\ncommand=" + childCommand()
                + "\nnumprocs=2\nprocess_name=%(program_name)s_%(process_num)s\nstartsecs=0\nsocket_backlog=16\n")) {
            f.awaitState("fc:fc_0", RUNNING, 10);
            f.awaitState("fc:fc_1", RUNNING, 10);
            Set<String> pids = new TreeSet<>(List.of("pid " + f.info("fc:fc_0").pid() + "\n",
                    "pid " + f.info("fc:fc_1").pid() + "\n"));
            Set<String> answers = new TreeSet<>();
            for (int i = 0; i < 20 && answers.size() < 2; i++) {
                String answer = ask(new InetSocketAddress("127.0.0.1", port));
                assertTrue(pids.contains(answer), "answer " + answer + " from none of " + pids);
                answers.add(answer);
            }
            assertTrue(answers.size() >= 1);
            EngineFixture.awaitFile(Path.of(f.info("fc:fc_0").stdoutLogfile()), "listening on /127.0.0.1:" + port + "\n",
                    10);
            // checked once when the group is made, then held from the first spawn on
            List<String> lines = f.logLines().stream().filter(l -> l.contains("socket " + url)).toList();
            assertEquals(List.of("INFO Creating socket " + url, "INFO Closing socket " + url,
                    "INFO Creating socket " + url), lines);
            assertTrue(!bindable(port), "the pool holds the port while it runs");

            f.engine.stopProcess("fc:fc_0", true).toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertTrue(!bindable(port), "one process still holds the socket");
            assertTrue(ask(new InetSocketAddress("127.0.0.1", port)).startsWith("pid "));
            f.engine.stopProcess("fc:fc_1", true).toCompletableFuture().get(30, TimeUnit.SECONDS);
            EngineFixture.await(() -> f.logText().endsWith("Closing socket " + url + "\n")
                    || f.logLines().stream().filter(l -> l.equals("INFO Closing socket " + url)).count() == 2, 5,
                    f::logText);
            assertTrue(bindable(port), "a stopped pool holds no port");
        }
    }

    @Test
    void aUnixSocketGetsItsModeAndIsHandedToTheChild() throws Exception {
        Path socket = dir.resolve("fc.sock");
        Files.writeString(socket, "stale");
        try (EngineFixture f = new EngineFixture(dir, "[fcgi-program:fu]\nsocket=unix://" + socket
                + "\nsocket_mode=0660\ncommand=" + childCommand() + "\nstartsecs=0\n")) {
            f.awaitState("fu", RUNNING, 10);
            assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
            assertEquals("pid " + f.info("fu").pid() + "\n", ask(UnixDomainSocketAddress.of(socket)));
        }
    }

    @Test
    void aPortInUseFailsWhenTheGroupIsMadeWithThePythonError() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            String url = "tcp://127.0.0.1:" + taken.getLocalPort();
            IOException e = assertThrows(IOException.class, () -> new EngineFixture(dir,
                    "[fcgi-program:fc]\nsocket=" + url + "\ncommand=sleep 10\n").close());
            assertEquals("Could not create FastCGI socket " + url + ": [Errno 98] Address already in use",
                    e.getMessage());
        }
    }
}
