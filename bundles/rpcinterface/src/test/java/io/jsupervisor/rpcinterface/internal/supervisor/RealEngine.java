package io.jsupervisor.rpcinterface.internal.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jsupervisor.api.config.SupervisorConfig;
import io.jsupervisor.api.process.Fault;
import io.jsupervisor.api.process.ProcessState;
import io.jsupervisor.api.process.SupervisorException;
import io.jsupervisor.api.rpc.RpcMethod;
import io.jsupervisor.config.ConfigEnvironment;
import io.jsupervisor.config.ConfigReader;
import io.jsupervisor.core.internal.engine.Engine;
import io.jsupervisor.core.internal.log.ActivityLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import jnr.posix.POSIXFactory;

/** A real engine on a config in a temp dir, with the supervisor namespace on top of it. */
final class RealEngine implements AutoCloseable {
    static final String HEADER = "[supervisord]\nlogfile=%(here)s/supervisord.log\npidfile=%(here)s/supervisord.pid\n"
            + "childlogdir=%(here)s\nloglevel=debug\n\n";

    final Path dir;
    final Path conf;
    final Path activityLog;
    final Engine engine;
    final SupervisorNamespace ns;
    private final ActivityLog log;

    RealEngine(Path dir, String programs) throws Exception {
        this.dir = dir;
        this.conf = dir.resolve("supervisord.conf");
        this.activityLog = dir.resolve("supervisord.log");
        Files.writeString(conf, HEADER + programs);
        SupervisorConfig config = new ConfigReader(ConfigEnvironment.system()).read(conf, Map.of());
        log = new ActivityLog(activityLog.toString(), 0, 0, config.supervisord().loglevel(), null);
        engine = new Engine(config, () -> new ConfigReader(ConfigEnvironment.system()).read(conf, Map.of()), log,
                POSIXFactory.getNativePOSIX(), System.getenv());
        engine.start();
        engine.release();
        ns = (SupervisorNamespace) new SupervisorRpcInterfaceFactory().create(engine, Map.of());
    }

    void rewritePrograms(String programs) throws Exception {
        Files.writeString(conf, HEADER + programs);
    }

    RpcMethod method(String name) {
        RpcMethod m = ns.method(name);
        assertNotNull(m, "no method " + name);
        return m;
    }

    /** Starts a call; the stage may still be pending. */
    CompletionStage<Object> invoke(String name, Object... params) {
        try {
            return method(name).handler().invoke(Arrays.asList(params));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The result of a call, or the throwable it failed with (unwrapped). */
    Object outcome(String name, Object... params) {
        try {
            return invoke(name, params).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return Stages.unwrap(e);
        } catch (Exception e) {
            throw new AssertionError(name + " did not complete", e);
        }
    }

    Object call(String name, Object... params) {
        Object o = outcome(name, params);
        if (o instanceof Throwable) {
            throw new AssertionError(name + Arrays.toString(params) + " failed: " + o, (Throwable) o);
        }
        return o;
    }

    /** Asserts the call faults with that code and fault string. */
    void assertFault(Fault fault, String faultString, String name, Object... params) {
        Object o = outcome(name, params);
        if (!(o instanceof SupervisorException)) {
            fail(name + Arrays.toString(params) + ": expected " + faultString + ", got " + o);
        }
        SupervisorException e = (SupervisorException) o;
        assertEquals(fault, e.fault(), name + ": " + e.getMessage());
        if (faultString != null) {
            assertEquals(faultString, e.getMessage());
        }
    }

    /** Asserts the call fails as the reference does with an HTTP 500 (an unexpected exception). */
    void assertCrash(String name, Object... params) {
        Object o = outcome(name, params);
        assertTrue(o instanceof PyValues.ReferenceCrash, name + Arrays.toString(params) + ": expected a 500, got " + o);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> info(String name) {
        return (Map<String, Object>) call("getProcessInfo", name);
    }

    String state(String name) {
        return (String) info(name).get("statename");
    }

    void awaitState(String name, ProcessState state, long seconds) throws InterruptedException {
        await(() -> state.name().equals(state(name)), seconds, () -> name + " never reached " + state + ": " + info(name));
    }

    static void await(BooleanSupplier condition, long seconds, java.util.function.Supplier<String> what)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail(what.get());
            }
            Thread.sleep(20);
        }
    }

    /** A result struct as the reference builds it. */
    static Map<String, Object> result(String name, String group, Fault status, String description) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", name);
        d.put("group", group);
        d.put("status", status.code());
        d.put("description", description);
        return d;
    }

    static List<Object> list(Object... items) {
        return Arrays.asList(items);
    }

    @Override
    public void close() throws Exception {
        if (!engine.termination().toCompletableFuture().isDone()) {
            engine.shutdown();
            engine.termination().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
        log.close();
    }
}
