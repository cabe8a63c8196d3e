package io.jsupervisor.core.internal.engine;

import static io.jsupervisor.api.process.ProcessState.RUNNING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsupervisor.api.process.Fault;
import io.jsupervisor.api.process.ProcessResult;
import io.jsupervisor.api.process.ProcessState;
import io.jsupervisor.api.process.SupervisorException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rolling restarts of a pool of real HTTP servers sharing one port (SO_REUSEPORT): one member at
 * a time, each ready again before the next goes down, and the roll stopping at a member that does
 * not become ready.
 */
class RollingRestartTest {
    private static final String MEMBERS = "pool_00 pool_01 pool_02 pool_03";

    /** Listens on the shared port, says "serving" unless its flag file exists, and answers every request. */
    private static final String SERVER = """
            import os, socket, sys
            port, num, here = int(sys.argv[1]), sys.argv[2], sys.argv[3]
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            s.bind(("127.0.0.1", port))
            s.listen(128)
            if not os.path.exists(os.path.join(here, "silent-" + num)):
                print("serving", flush=True)
            while True:
                c, _ = s.accept()
                c.recv(1024)
                c.sendall(b"HTTP/1.0 200 OK\\r\\nContent-Length: 3\\r\\n\\r\\nok\\n")
                c.close()
            """;

    @TempDir
    Path dir;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private EngineFixture pool(int port, int readyTimeout) throws Exception {
        Files.writeString(dir.resolve("server.py"), SERVER);
        return new EngineFixture(dir, "[program:pool]\ncommand=python3 %(here)s/server.py " + port
                + " %(process_num)d %(here)s\nprocess_name=%(program_name)s_%(process_num)02d\nnumprocs=4\n"
                + "startsecs=0\nready_check=log:serving\nready_timeout=" + readyTimeout + "\n");
    }

    private static void awaitAllReady(EngineFixture f) throws InterruptedException {
        for (String m : MEMBERS.split(" ")) {
            f.awaitState("pool:" + m, RUNNING, 20);
        }
        EngineFixture.await(() -> f.logLines().stream().filter(l -> l.startsWith("INFO ready: pool_")).count() == 4, 20,
                f::logText);
    }

    private static Map<String, Integer> pids(EngineFixture f) {
        Map<String, Integer> pids = new HashMap<>();
        for (String m : MEMBERS.split(" ")) {
            pids.put(m, f.info("pool:" + m).pid());
        }
        return pids;
    }

    /** The most members that were out of RUNNING at once, in the transitions from {@code from} on. */
    private static int mostDownAtOnce(List<EngineFixture.Transition> transitions) {
        Set<String> down = new HashSet<>();
        int most = 0;
        for (EngineFixture.Transition t : transitions) {
            if (t.to() == ProcessState.RUNNING) {
                down.remove(t.name());
            } else {
                down.add(t.name());
            }
            most = Math.max(most, down.size());
        }
        return most;
    }

    private static List<EngineFixture.Transition> transitionsFrom(EngineFixture f, int from) {
        synchronized (f.transitions) {
            return new ArrayList<>(f.transitions.subList(from, f.transitions.size()));
        }
    }

    /** Connects and asks, as fast as it can, until stopped; counts answers, refusals and other failures. */
    private static final class Hammer implements Runnable {
        final AtomicInteger answered = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicBoolean stop = new AtomicBoolean();
        private final int port;

        Hammer(int port) {
            this.port = port;
        }

        @Override
        public void run() {
            while (!stop.get()) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                    s.setSoTimeout(2000);
                    OutputStream out = s.getOutputStream();
                    out.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    InputStream in = s.getInputStream();
                    String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
                    if (answer.startsWith("HTTP/1.0 200")) {
                        answered.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                } catch (ConnectException e) {
                    refused.incrementAndGet();
                } catch (IOException e) {
                    failed.incrementAndGet();
                }
            }
        }
    }

    @Test
    void aPoolIsRestartedOneAtATimeWithoutRefusingAConnection() throws Exception {
        int port = freePort();
        try (EngineFixture f = pool(port, 10)) {
            awaitAllReady(f);
            Map<String, Integer> before = pids(f);
            int mark = f.transitions.size();
            Hammer hammer = new Hammer(port);
            Thread client = new Thread(hammer, "hammer");
            client.start();
            long t0 = System.nanoTime();
            CompletableFuture<List<ProcessResult>> roll = f.engine.rollingRestart("pool", 1).toCompletableFuture();
            ExecutionException again = assertThrows(ExecutionException.class,
                    () -> f.engine.rollingRestart("pool", 2).toCompletableFuture().get(10, TimeUnit.SECONDS));
            assertEquals(Fault.ALREADY_STARTED, ((SupervisorException) again.getCause()).fault());
            List<ProcessResult> results = roll.get(60, TimeUnit.SECONDS);
            long rollMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            hammer.stop.set(true);
            client.join(10_000);
            System.out.println("rolling restart of 4 members: " + rollMillis + " ms; connections answered "
                    + hammer.answered + ", refused " + hammer.refused + ", other failures " + hammer.failed);

            assertEquals(4, results.size(), results.toString());
            assertTrue(results.stream().allMatch(r -> r.status() == Fault.SUCCESS), results.toString());
            assertEquals(List.of("pool_00", "pool_01", "pool_02", "pool_03"),
                    results.stream().map(ProcessResult::name).toList());
            Map<String, Integer> after = pids(f);
            for (String m : MEMBERS.split(" ")) {
                assertNotEquals(before.get(m), after.get(m), m + " got a new pid");
                assertEquals(RUNNING, f.info("pool:" + m).state());
            }
            assertEquals(1, mostDownAtOnce(transitionsFrom(f, mark)), f.logText());
            assertEquals(0, hammer.refused.get(), "refused connections");
            assertTrue(hammer.answered.get() > 100, "answered " + hammer.answered);
            List<String> lines = f.logLines();
            assertTrue(lines.contains("INFO rolling restart of pool: batch 1 of 4: pool:pool_00"), lines.toString());
            assertTrue(lines.contains("INFO rolling restart of pool: batch 4 of 4: pool:pool_03"), lines.toString());
            assertTrue(lines.contains("INFO rolling restart of pool: done"), lines.toString());
        }
    }

    @Test
    void aMemberThatDoesNotBecomeReadyStopsTheRoll() throws Exception {
        int port = freePort();
        try (EngineFixture f = pool(port, 3)) {
            awaitAllReady(f);
            Map<String, Integer> before = pids(f);
            Files.writeString(dir.resolve("silent-2"), "");
            List<ProcessResult> results = f.engine.rollingRestart("pool", 1).toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);

            assertEquals(Fault.SUCCESS, results.get(0).status(), results.toString());
            assertEquals(Fault.SUCCESS, results.get(1).status(), results.toString());
            assertEquals(Fault.FAILED, results.get(2).status(), results.toString());
            assertEquals("FAILED: pool:pool_02 did not become ready (not ready within 3 s)",
                    results.get(2).description());
            assertEquals(Fault.FAILED, results.get(3).status(), results.toString());
            assertEquals("FAILED: not restarted: the rolling restart stopped before it", results.get(3).description());
            Map<String, Integer> after = pids(f);
            assertNotEquals(before.get("pool_00"), after.get("pool_00"));
            assertNotEquals(before.get("pool_01"), after.get("pool_01"));
            assertNotEquals(before.get("pool_02"), after.get("pool_02"));
            assertEquals(before.get("pool_03"), after.get("pool_03"), "pool_03 was not touched");
            assertEquals(RUNNING, f.info("pool:pool_02").state(), "a process that is not ready keeps running");
            assertTrue(f.logLines().contains("WARN rolling restart of pool: stopped, pool:pool_02 did not become "
                    + "ready (not ready within 3 s)"), f.logText());
        }
    }

    @Test
    void faultsForABadGroupOrBatch() throws Exception {
        int port = freePort();
        try (EngineFixture f = pool(port, 10)) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> f.engine.rollingRestart("nope", 1).toCompletableFuture().get(10, TimeUnit.SECONDS));
            assertEquals(Fault.BAD_NAME, assertInstanceOf(SupervisorException.class, e.getCause()).fault());
            e = assertThrows(ExecutionException.class,
                    () -> f.engine.rollingRestart("pool", 0).toCompletableFuture().get(10, TimeUnit.SECONDS));
            assertEquals(Fault.BAD_ARGUMENTS, assertInstanceOf(SupervisorException.class, e.getCause()).fault());
        }
    }
}
