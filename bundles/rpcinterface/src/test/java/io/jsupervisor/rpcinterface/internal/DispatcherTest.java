package io.jsupervisor.rpcinterface.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsupervisor.api.config.RpcInterfaceConfig;
import io.jsupervisor.api.process.Fault;
import io.jsupervisor.api.process.SupervisorException;
import io.jsupervisor.api.rpc.RpcFault;
import io.jsupervisor.api.rpc.RpcMethod;
import io.jsupervisor.api.rpc.RpcNamespace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DispatcherTest {
    private final List<String> logged = new ArrayList<>();
    private final ServerLog log = new ServerLog(() -> (level, m) -> logged.add(level.label() + " " + m));
    private final Namespaces namespaces = new Namespaces(log);
    private final Dispatcher d = new Dispatcher(namespaces::current, Map.of());
    private final CompletableFuture<Object> deferred = new CompletableFuture<>();

    DispatcherTest() {
        RpcNamespace ns = () -> List.of(
                new RpcMethod("echo", List.of(List.of("string", "string")), "echo help", p -> {
                    return CompletableFuture.completedFuture(p.get(0));
                }),
                new RpcMethod("later", List.of(), "later help", p -> deferred),
                new RpcMethod("bad", List.of(), "", p -> {
                    throw new SupervisorException(Fault.BAD_NAME, "x");
                }),
                new RpcMethod("_hidden", List.of(), "", p -> CompletableFuture.completedFuture(1)));
        namespaces.addFactory(1L, "f:make", (manager, options) -> ns);
        namespaces.start(null, List.of(new RpcInterfaceConfig("t", "f:make", Map.of()),
                new RpcInterfaceConfig("gone", "g:make", Map.of())), 1);
    }

    private Object call(String m, Object... params) throws Exception {
        return d.call(m, new ArrayList<>(List.of(params))).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private RpcFault fault(String m, Object... params) throws Exception {
        try {
            call(m, params);
        } catch (ExecutionException e) {
            return assertInstanceOf(RpcFault.class, e.getCause());
        }
        throw new AssertionError("no fault");
    }

    @Test
    void routesAndAnswersTheReferencesFaults() throws Exception {
        assertEquals(List.of("INFO RPC interface 't' initialized"), logged);
        assertEquals("x", call("t.echo", "x"));
        assertEquals("INCORRECT_PARAMETERS", fault("t.echo").getMessage());
        assertEquals("BAD_NAME: x", fault("t.bad").getMessage());
        assertEquals("UNKNOWN_METHOD", fault("t._hidden").getMessage());
        assertEquals("UNKNOWN_METHOD", fault("t.echo.x", "x").getMessage());
        assertEquals("UNKNOWN_METHOD", fault("nope.x").getMessage());
        assertEquals(1, fault("gone.x").code());
        assertEquals("UNKNOWN_METHOD: RPC interface 'gone' is not available: no bundle provides its factory 'g:make'",
                fault("gone.x").getMessage());
        assertEquals(List.of("system.listMethods", "system.methodHelp", "system.methodSignature", "system.multicall",
                "t.bad", "t.echo", "t.later"), call("system.listMethods"));
        assertEquals("echo help", call("system.methodHelp", "t.echo"));
        assertEquals(List.of("string", "string"), call("system.methodSignature", "t.echo"));
        assertEquals("SIGNATURE_UNSUPPORTED", fault("system.methodSignature", "t.later").getMessage());
        assertEquals("SIGNATURE_UNSUPPORTED", fault("system.methodHelp", "t.nope").getMessage());
        assertEquals(List.of("array", "array"), call("system.methodSignature", "system.multicall"));
        assertEquals("INCORRECT_PARAMETERS", fault("system.multicall", 5).getMessage());
    }

    @Test
    void multicallRunsInOrderWaitsForDeferredCallsAndKeepsFaultsInside() throws Exception {
        CompletionStage<Object> r = d.call("system.multicall", List.of(List.of(
                Map.of("methodName", "t.echo", "params", List.of("one")),
                Map.of("methodName", "t.later"),
                Map.of("methodName", "t.bad"),
                Map.of("methodName", "system.multicall", "params", List.of(List.of())),
                Map.of("params", List.of()),
                "junk")));
        assertFalse(r.toCompletableFuture().isDone(), "waits for t.later");
        deferred.complete(true);
        List<?> results = (List<?>) r.toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals("one", results.get(0));
        assertEquals(true, results.get(1));
        assertEquals(Map.of("faultCode", 10, "faultString", "BAD_NAME: x"), results.get(2));
        assertEquals(Map.of("faultCode", 2, "faultString", "INCORRECT_PARAMETERS: Recursive system.multicall forbidden"),
                results.get(3));
        assertEquals(Map.of("faultCode", 2, "faultString", "INCORRECT_PARAMETERS: No methodName"), results.get(4));
        assertEquals(30, ((Map<?, ?>) results.get(5)).get("faultCode"));
    }

    @Test
    void aFactoryThatLeavesTakesItsMethodsAndComesBack() throws Exception {
        namespaces.removeFactory(1L);
        assertEquals(1, fault("t.echo", "x").code());
        assertEquals(List.of("system.listMethods", "system.methodHelp", "system.methodSignature", "system.multicall"),
                call("system.listMethods"));
        RpcNamespace ns = () -> List.of(new RpcMethod("v2", List.of(), "", p -> CompletableFuture.completedFuture(2)));
        namespaces.addFactory(2L, "f:make", (manager, options) -> ns);
        assertEquals(2, call("t.v2"));
    }

    @Test
    void ourNamespacesNeedNoSectionAndHideASectionOfTheirName() throws Exception {
        namespaces.start(null, List.of(new RpcInterfaceConfig("t", "f:make", Map.of())), 1);
        RpcNamespace own = () -> List.of(new RpcMethod("echo", List.of(List.of("string", "string")), "own echo",
                p -> CompletableFuture.completedFuture("own " + p.get(0))));
        Dispatcher withOwn = new Dispatcher(namespaces::current, Map.of("t", own));
        assertEquals(List.of("system.listMethods", "system.methodHelp", "system.methodSignature", "system.multicall",
                "t.echo"), withOwn.listMethods());
        assertEquals("own x", withOwn.call("t.echo", new ArrayList<>(List.of("x"))).toCompletableFuture().get());
        assertEquals("own echo", withOwn.call("system.methodHelp", new ArrayList<>(List.of("t.echo")))
                .toCompletableFuture().get());
    }

    @Test
    void everyCallIsCountedByMethodAndOutcomeOnceItAnswers() throws Exception {
        CompletableFuture<Object> slow = new CompletableFuture<>();
        RpcNamespace own = () -> List.of(
                new RpcMethod("ok", List.of(), "", p -> CompletableFuture.completedFuture(1)),
                new RpcMethod("bad", List.of(), "", p -> {
                    throw new SupervisorException(Fault.BAD_NAME, "x");
                }),
                new RpcMethod("odd", List.of(), "", p -> CompletableFuture.failedFuture(new RpcFault(777, "odd"))),
                new RpcMethod("slow", List.of(), "", p -> slow));
        RpcCallCounter counter = new RpcCallCounter();
        Dispatcher counted = new Dispatcher(namespaces::current, Map.of("t", own), counter);
        counted.call("t.ok", new ArrayList<>()).toCompletableFuture().get();
        counted.call("t.ok", new ArrayList<>()).toCompletableFuture().get();
        counted.call("t.bad", new ArrayList<>()).toCompletableFuture().handle((v, e) -> e).get();
        counted.call("t.odd", new ArrayList<>()).toCompletableFuture().handle((v, e) -> e).get();
        counted.call("t.nosuch" + System.nanoTime(), new ArrayList<>()).toCompletableFuture().handle((v, e) -> e).get();
        counted.call("t.nosuch" + System.nanoTime(), new ArrayList<>()).toCompletableFuture().handle((v, e) -> e).get();
        CompletionStage<Object> pending = counted.call("t.slow", new ArrayList<>());
        assertFalse(counter.snapshot().stream().anyMatch(m -> m.method().equals("t.slow")), "counted before it answered");
        Thread.sleep(60);
        slow.complete("done");
        pending.toCompletableFuture().get();

        Map<String, RpcCallCounter.MethodCalls> byName = new java.util.HashMap<>();
        counter.snapshot().forEach(m -> byName.put(m.method(), m));
        assertEquals(List.of("(unknown)", "t.bad", "t.odd", "t.ok", "t.slow"),
                counter.snapshot().stream().map(RpcCallCounter.MethodCalls::method).toList(), "unknown names share a label");
        assertEquals(Map.of("success", 2L), byName.get("t.ok").outcomes());
        assertEquals(Map.of("BAD_NAME", 1L), byName.get("t.bad").outcomes());
        assertEquals(Map.of("FAULT_777", 1L), byName.get("t.odd").outcomes());
        assertEquals(Map.of("UNKNOWN_METHOD", 2L), byName.get("(unknown)").outcomes());
        RpcCallCounter.MethodCalls slowCalls = byName.get("t.slow");
        assertEquals(1, slowCalls.count());
        // bounds 0.001 0.005 0.01 0.05 0.1 ...: a call of 60 ms or more is above 0.05 and within 0.1 (or later)
        assertEquals(List.of(0L, 0L, 0L, 0L), slowCalls.buckets().subList(0, 4), slowCalls.toString());
        assertEquals(1L, slowCalls.buckets().get(slowCalls.buckets().size() - 1));
        assertTrue(slowCalls.seconds() >= 0.05, slowCalls.toString());
    }
}
