package io.jsupervisor.rpcinterface.internal;

import io.jsupervisor.api.config.RpcInterfaceConfig;
import io.jsupervisor.api.process.ProcessManager;
import io.jsupervisor.api.rpc.RpcInterfaceFactory;
import io.jsupervisor.api.rpc.RpcMethod;
import io.jsupervisor.api.rpc.RpcNamespace;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The namespaces of the config's {@code [rpcinterface:x]} sections, made by whichever
 * {@link RpcInterfaceFactory} services are present. Factories come and go (hot deploy); readers
 * get an immutable snapshot ({@link #current()}), writers are serialised on this object.
 */
final class Namespaces {

    /** One section: its methods when its factory is present, else null, with why in {@code problem}. */
    record Entry(RpcInterfaceConfig section, Object factoryKey, Map<String, RpcMethod> methods, String problem) {
        boolean available() {
            return methods != null;
        }
    }

    /** A factory service as bound, with the key it was bound under (its ServiceReference). */
    record Bound(Object key, String name, RpcInterfaceFactory factory) {}

    private final ServerLog log;
    private final List<Bound> factories = new ArrayList<>();
    private ProcessManager manager;
    private boolean started;
    private List<RpcInterfaceConfig> sections = List.of();
    private int announcements = 1; // lines per event: the reference logs once per HTTP server
    private volatile Map<String, Entry> current = Map.of();

    Namespaces(ServerLog log) {
        this.log = log;
    }

    Map<String, Entry> current() {
        return current;
    }

    /** Starts serving {@code sections} for {@code manager}; logs each made interface. */
    synchronized void start(ProcessManager manager, List<RpcInterfaceConfig> sections, int announcements) {
        this.manager = manager;
        this.started = true;
        this.sections = List.copyOf(sections);
        this.announcements = Math.max(1, announcements);
        Map<String, Entry> next = new LinkedHashMap<>();
        for (RpcInterfaceConfig s : this.sections) {
            next.put(s.name(), make(s));
        }
        current = Collections.unmodifiableMap(next);
    }

    synchronized void stop() {
        manager = null;
        started = false;
        current = Map.of();
    }

    /** The sections still without a factory (their names). */
    synchronized List<String> missing() {
        return current.values().stream().filter(e -> !e.available() && e.factoryKey() == null)
                .map(e -> e.section().name()).toList();
    }

    synchronized void addFactory(Object key, String name, RpcInterfaceFactory factory) {
        if (name == null) {
            return;
        }
        factories.add(new Bound(key, name, factory));
        if (!started) {
            return;
        }
        Map<String, Entry> next = new LinkedHashMap<>(current);
        boolean changed = false;
        for (Entry e : current.values()) {
            if (!e.available() && e.factoryKey() == null && e.section().factory().equals(name)) {
                next.put(e.section().name(), make(e.section()));
                changed = true;
            }
        }
        if (changed) {
            current = Collections.unmodifiableMap(next);
        }
    }

    synchronized void removeFactory(Object key) {
        factories.removeIf(b -> b.key().equals(key));
        if (!started) {
            return;
        }
        Map<String, Entry> next = new LinkedHashMap<>(current);
        boolean changed = false;
        for (Entry e : current.values()) {
            if (Objects.equals(e.factoryKey(), key)) {
                log.info("RPC interface '" + e.section().name() + "' removed: its factory '"
                        + e.section().factory() + "' is gone");
                next.put(e.section().name(), make(e.section())); // another provider, or missing
                changed = true;
            }
        }
        if (changed) {
            current = Collections.unmodifiableMap(next);
        }
    }

    private Entry make(RpcInterfaceConfig s) {
        Bound b = factories.stream().filter(f -> f.name().equals(s.factory())).findFirst().orElse(null);
        if (b == null) {
            return new Entry(s, null, null, "RPC interface '" + s.name() + "' is not available: no bundle provides "
                    + "its factory '" + s.factory() + "'");
        }
        RpcNamespace ns;
        try {
            ns = b.factory().create(manager, s.options());
            if (ns == null) {
                throw new IllegalStateException("the factory made nothing");
            }
        } catch (RuntimeException | LinkageError e) {
            String why = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
            log.warn("Could not make " + s.name() + " rpc interface: " + why);
            return new Entry(s, b.key(), null, "RPC interface '" + s.name() + "' could not be made: " + why);
        }
        Map<String, RpcMethod> methods = new LinkedHashMap<>();
        for (RpcMethod m : ns.methods()) {
            methods.put(m.name(), m);
        }
        for (int i = 0; i < announcements; i++) {
            log.info("RPC interface '" + s.name() + "' initialized");
        }
        return new Entry(s, b.key(), Collections.unmodifiableMap(methods), null);
    }
}
