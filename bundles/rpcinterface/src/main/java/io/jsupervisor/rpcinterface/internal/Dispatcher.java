package io.jsupervisor.rpcinterface.internal;

import io.jsupervisor.api.process.Fault;
import io.jsupervisor.api.process.SupervisorException;
import io.jsupervisor.api.rpc.RpcFault;
import io.jsupervisor.api.rpc.RpcMethod;
import io.jsupervisor.api.rpc.RpcNamespace;
import io.jsupervisor.pycompat.PyTypes;
import io.jsupervisor.rpcinterface.http.RpcCallStatistics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Routes {@code namespace.method} to the namespaces of the {@code [rpcinterface:x]} sections and
 * serves the {@code system} namespace, as the reference's {@code supervisor.xmlrpc} does, and our
 * own namespaces ({@code jsupervisor}), which need no section either: exactly
 * two dotted parts, no method starting with {@code _}, faults UNKNOWN_METHOD (1),
 * INCORRECT_PARAMETERS (2), SIGNATURE_UNSUPPORTED (4). Every call answers a stage that completes
 * with the value or fails with an {@link RpcFault}; anything else it fails with is a bug of the
 * method, which the caller reports as an internal error.
 */
final class Dispatcher {

    static final String LIST_METHODS_HELP = " Return an array listing the available method names\n\n"
            + "        @return array result  An array of method names available (strings).\n        ";
    static final String METHOD_HELP_HELP = " Return a string showing the method's documentation\n\n"
            + "        @param string name   The name of the method.\n"
            + "        @return string result The documentation for the method name.\n        ";
    static final String METHOD_SIGNATURE_HELP = " Return an array describing the method signature in the\n"
            + "        form [rtype, ptype, ptype...] where rtype is the return data type\n"
            + "        of the method, and ptypes are the parameter data types that the\n"
            + "        method accepts in method argument order.\n\n"
            + "        @param string name  The name of the method.\n"
            + "        @return array result  The result.\n        ";
    static final String MULTICALL_HELP = "Process an array of calls, and return an array of\n"
            + "        results. Calls should be structs of the form {'methodName':\n"
            + "        string, 'params': array}. Each result will either be a\n"
            + "        single-item array containing the result value, or a struct of\n"
            + "        the form {'faultCode': int, 'faultString': string}. This is\n"
            + "        useful when you need to make lots of small calls without lots\n"
            + "        of round trips.\n\n"
            + "        @param array calls  An array of call requests\n"
            + "        @return array result  An array of results\n        ";

    private final Supplier<Map<String, Namespaces.Entry>> namespaces;
    private final RpcCallCounter counter;
    /** {@code system} and our own namespaces by name: served whatever the config's sections say. */
    private final Map<String, Map<String, RpcMethod>> builtIn;

    /** As {@link #Dispatcher(Supplier, Map, RpcCallCounter)}, counting into a counter of its own. */
    Dispatcher(Supplier<Map<String, Namespaces.Entry>> namespaces, Map<String, RpcNamespace> own) {
        this(namespaces, own, new RpcCallCounter());
    }

    /**
     * @param own our namespaces by name, served on every server; a config section of that name is hidden
     * @param counter where every call is counted, with its outcome and time
     */
    Dispatcher(Supplier<Map<String, Namespaces.Entry>> namespaces, Map<String, RpcNamespace> own,
            RpcCallCounter counter) {
        this.namespaces = namespaces;
        this.counter = counter;
        Map<String, RpcMethod> s = new LinkedHashMap<>();
        s.put("listMethods", new RpcMethod("listMethods", List.of(List.of("array")), LIST_METHODS_HELP,
                p -> {
                    arity(p, 0);
                    return done(listMethods());
                }));
        s.put("methodHelp", new RpcMethod("methodHelp", List.of(List.of("string", "string")), METHOD_HELP_HELP,
                p -> {
                    arity(p, 1);
                    RpcMethod m = p.get(0) instanceof String n ? lookup(n) : null;
                    if (m == null) {
                        throw fault(Fault.SIGNATURE_UNSUPPORTED, null);
                    }
                    return done(m.help());
                }));
        s.put("methodSignature", new RpcMethod("methodSignature", List.of(List.of("array", "string")),
                METHOD_SIGNATURE_HELP, p -> {
                    arity(p, 1);
                    RpcMethod m = p.get(0) instanceof String n ? lookup(n) : null;
                    if (m == null || m.signatures().isEmpty() || m.signatures().get(0).isEmpty()) {
                        throw fault(Fault.SIGNATURE_UNSUPPORTED, null);
                    }
                    return done(new ArrayList<Object>(m.signatures().get(0)));
                }));
        s.put("multicall", new RpcMethod("multicall", List.of(List.of("array", "array")), MULTICALL_HELP,
                p -> {
                    arity(p, 1);
                    if (!(p.get(0) instanceof List<?> calls)) {
                        throw fault(Fault.INCORRECT_PARAMETERS, null);
                    }
                    return multicall(calls);
                }));
        Map<String, Map<String, RpcMethod>> b = new LinkedHashMap<>();
        b.put("system", Collections.unmodifiableMap(s));
        own.forEach((name, ns) -> {
            Map<String, RpcMethod> methods = new LinkedHashMap<>();
            ns.methods().forEach(m -> methods.put(m.name(), m));
            b.put(name, Collections.unmodifiableMap(methods));
        });
        builtIn = Collections.unmodifiableMap(b);
    }

    /** Calls {@code method}; never throws. Counts the call once it has answered. */
    CompletionStage<Object> call(String method, List<Object> params) {
        long start = System.nanoTime();
        boolean[] resolved = {false};
        CompletionStage<Object> answer = answer(method, params, resolved);
        answer.whenComplete((v, e) -> counter.record(resolved[0] ? method : RpcCallStatistics.UNKNOWN_METHOD,
                outcome(e), System.nanoTime() - start));
        return answer;
    }

    private static String outcome(Throwable failure) {
        if (failure == null) {
            return RpcCallStatistics.SUCCESS;
        }
        return unwrap(failure) instanceof RpcFault f ? RpcCallCounter.faultOutcome(f.code()) : "error";
    }

    private CompletionStage<Object> answer(String method, List<Object> params, boolean[] resolved) {
        try {
            RpcMethod m = resolve(method);
            resolved[0] = true;
            CompletionStage<Object> stage = m.handler().invoke(params);
            if (stage == null) {
                return failed(new IllegalStateException(method + " returned no stage"));
            }
            return stage.handle((v, e) -> {
                if (e != null) {
                    throw new CompletionException(translate(unwrap(e)));
                }
                return v;
            });
        } catch (RuntimeException e) {
            return failed(translate(e));
        }
    }

    /** Sorted names of every callable method, {@code system.*} and ours included. */
    List<Object> listMethods() {
        TreeMap<String, Boolean> names = new TreeMap<>();
        for (Namespaces.Entry e : namespaces.get().values()) {
            if (e.available() && !builtIn.containsKey(e.section().name())) {
                e.methods().keySet().stream().filter(n -> !n.startsWith("_"))
                        .forEach(n -> names.put(e.section().name() + "." + n, true));
            }
        }
        builtIn.forEach((ns, methods) -> methods.keySet().forEach(n -> names.put(ns + "." + n, true)));
        return new ArrayList<>(names.keySet());
    }

    private RpcMethod lookup(String name) {
        String[] parts = name.split("\\.", -1);
        if (parts.length != 2 || parts[1].startsWith("_")) {
            return null;
        }
        if (builtIn.containsKey(parts[0])) {
            return builtIn.get(parts[0]).get(parts[1]);
        }
        Namespaces.Entry e = namespaces.get().get(parts[0]);
        return e == null || !e.available() ? null : e.methods().get(parts[1]);
    }

    private RpcMethod resolve(String name) {
        String[] parts = name.split("\\.", -1);
        // CVE-2017-11610 in the reference: exactly namespace.method, nothing to traverse
        if (parts.length != 2 || parts[1].startsWith("_")) {
            throw fault(Fault.UNKNOWN_METHOD, null);
        }
        RpcMethod m;
        if (builtIn.containsKey(parts[0])) {
            m = builtIn.get(parts[0]).get(parts[1]);
        } else {
            Namespaces.Entry e = namespaces.get().get(parts[0]);
            if (e != null && !e.available()) {
                throw fault(Fault.UNKNOWN_METHOD, e.problem());
            }
            m = e == null ? null : e.methods().get(parts[1]);
        }
        if (m == null) {
            throw fault(Fault.UNKNOWN_METHOD, null);
        }
        return m;
    }

    /**
     * The reference's multicall: calls run one after the other (a deferred one is waited for
     * before the next starts), each result is the bare value or a fault struct.
     */
    private CompletionStage<Object> multicall(List<?> calls) {
        List<Object> results = new ArrayList<>(calls.size());
        long[] size = {0};
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (Object c : calls) {
            chain = chain.thenCompose(x -> {
                if (size[0] > MULTICALL_ANSWER_BYTES) {
                    results.add(faultStruct(Fault.FAILED.code(), "FAILED: the answers of this multicall exceed "
                            + MULTICALL_ANSWER_BYTES + " bytes; this call was not made"));
                    return CompletableFuture.completedFuture(null);
                }
                return one(c).thenAccept(v -> {
                    size[0] += approximateSize(v, 0);
                    results.add(v);
                });
            });
        }
        return chain.thenApply(x -> (Object) results);
    }

    /**
     * What the answers of one multicall may hold in the heap: 20,000 calls of readLog(0, 1 MiB)
     * fit in a 2 MiB request and would otherwise need 20 GiB (the daemon has 64 MiB). Texts that
     * stream from their file ({@link FileText}) hardly count. Beyond it, the remaining calls are
     * not made and each answers a FAILED fault (the reference makes them all).
     */
    static final long MULTICALL_ANSWER_BYTES = 8L << 20;

    /** About how many bytes a value takes in an answer. */
    static long approximateSize(Object v, int depth) {
        if (v instanceof String s) {
            return s.length() + 16;
        }
        if (depth < 8 && v instanceof Map<?, ?> m) {
            long n = 32;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                n += approximateSize(e.getKey(), depth + 1) + approximateSize(e.getValue(), depth + 1);
            }
            return n;
        }
        if (depth < 8 && v instanceof java.util.Collection<?> c) {
            long n = 32;
            for (Object o : c) {
                n += approximateSize(o, depth + 1);
            }
            return n;
        }
        return v instanceof byte[] b ? b.length * 4L / 3 + 32 : 32;
    }

    private CompletionStage<Object> one(Object c) {
        if (!(c instanceof Map<?, ?> call)) {
            return CompletableFuture.completedFuture(faultStruct(Fault.FAILED.code(),
                    "FAILED: <class 'AttributeError'>:'" + PyTypes.nameOf(c) + "' object has no attribute 'get'"));
        }
        Object name = call.get("methodName");
        Object params = call.containsKey("params") ? call.get("params") : List.of();
        if (name == null) {
            return CompletableFuture.completedFuture(faultStruct(new SupervisorException(
                    Fault.INCORRECT_PARAMETERS, "No methodName")));
        }
        if (name.equals("system.multicall")) {
            return CompletableFuture.completedFuture(faultStruct(new SupervisorException(
                    Fault.INCORRECT_PARAMETERS, "Recursive system.multicall forbidden")));
        }
        if (!(name instanceof String method) || !(params instanceof List<?> list)) {
            return CompletableFuture.completedFuture(faultStruct(new SupervisorException(
                    Fault.INCORRECT_PARAMETERS, null)));
        }
        return call(method, new ArrayList<>(list)).handle((v, e) -> {
            if (e == null) {
                return v;
            }
            Throwable t = unwrap(e);
            if (t instanceof RpcFault f) {
                return faultStruct(f.code(), f.getMessage());
            }
            String cls = t.getClass().getSimpleName();
            return faultStruct(Fault.FAILED.code(), "FAILED: <class '" + cls + "'>:" + t.getMessage());
        });
    }

    private static Map<String, Object> faultStruct(SupervisorException e) {
        return faultStruct(e.fault().code(), e.getMessage());
    }

    static Map<String, Object> faultStruct(int code, String text) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("faultCode", code);
        m.put("faultString", text);
        return m;
    }

    private static void arity(List<Object> p, int n) {
        if (p.size() != n) {
            throw fault(Fault.INCORRECT_PARAMETERS, null);
        }
    }

    static RpcFault fault(Fault f, String detail) {
        SupervisorException e = new SupervisorException(f, detail);
        return new RpcFault(f.code(), e.getMessage());
    }

    /**
     * SupervisorException and RpcFault become RpcFaults; the errors a wrong argument provokes in
     * Java (Python's TypeError) become INCORRECT_PARAMETERS; anything else stays as it is.
     */
    static Throwable translate(Throwable t) {
        if (t instanceof RpcFault) {
            return t;
        }
        if (t instanceof SupervisorException s) {
            return new RpcFault(s.fault().code(), s.getMessage());
        }
        if (t instanceof ClassCastException || t instanceof IndexOutOfBoundsException) {
            return fault(Fault.INCORRECT_PARAMETERS, null);
        }
        return t;
    }

    static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static CompletionStage<Object> done(Object v) {
        return CompletableFuture.completedFuture(v);
    }

    private static CompletionStage<Object> failed(Throwable t) {
        return CompletableFuture.failedFuture(t);
    }
}
