package io.jsupervisor.core.internal.engine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code depends_on} graph over the processes the engine has now, resolved from the names
 * each process gives (the reference's syntax: {@code db} or {@code db:*} for every process of
 * group db, {@code db:db_01} for one). Resolved on each question, so groups added or removed by
 * {@code update} count at once. The config reader refuses unknown names and cycles; a name whose
 * group has since been removed simply holds nothing back, and the walks below never loop.
 * Engine thread only.
 */
final class Dependencies {
    private final ProcessTable table;

    Dependencies(ProcessTable table) {
        this.table = table;
    }

    /** Whether any process names a dependency. */
    boolean anyDeclared() {
        for (ProcessRuntime p : table.all()) {
            if (!p.config.readiness().dependsOn().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** What {@code p} names directly, in the order it names them. */
    List<ProcessRuntime> direct(ProcessRuntime p) {
        Set<ProcessRuntime> out = new LinkedHashSet<>();
        for (String name : p.config.readiness().dependsOn()) {
            int colon = name.indexOf(':');
            String group = colon < 0 ? name : name.substring(0, colon);
            String process = colon < 0 ? "*" : name.substring(colon + 1);
            GroupRuntime g = table.find(group);
            if (g == null) {
                continue;
            }
            if (process.equals("*")) {
                out.addAll(ProcessTable.byPriority(g));
            } else if (g.processes.containsKey(process)) {
                out.add(g.processes.get(process));
            }
        }
        out.remove(p);
        return new ArrayList<>(out);
    }

    /** Everything {@code p} depends on, directly or not, each after what it depends on itself. */
    List<ProcessRuntime> closure(ProcessRuntime p) {
        Set<ProcessRuntime> ordered = new LinkedHashSet<>();
        visit(p, ordered, new LinkedHashSet<>());
        ordered.remove(p);
        return new ArrayList<>(ordered);
    }

    private void visit(ProcessRuntime p, Set<ProcessRuntime> ordered, Set<ProcessRuntime> onPath) {
        if (ordered.contains(p) || !onPath.add(p)) {
            return;
        }
        for (ProcessRuntime d : direct(p)) {
            visit(d, ordered, onPath);
        }
        onPath.remove(p);
        ordered.add(p);
    }

    /** The first process {@code p} depends on (directly or not) that is not ready, or null. */
    ProcessRuntime firstUnready(ProcessRuntime p) {
        if (p.config.readiness().dependsOn().isEmpty()) {
            return null;
        }
        for (ProcessRuntime d : closure(p)) {
            if (!d.isReady()) {
                return d;
            }
        }
        return null;
    }

    /**
     * Every process that depends on {@code p}, directly or not, in the order to stop them:
     * each before what it depends on.
     */
    List<ProcessRuntime> dependents(ProcessRuntime p) {
        if (!anyDeclared()) {
            return List.of();
        }
        Set<ProcessRuntime> startOrder = new LinkedHashSet<>();
        for (ProcessRuntime q : table.all()) {
            visit(q, startOrder, new LinkedHashSet<>());
        }
        List<ProcessRuntime> out = new ArrayList<>();
        for (ProcessRuntime q : startOrder) {
            if (q != p && !q.config.readiness().dependsOn().isEmpty() && closure(q).contains(p)) {
                out.add(0, q);
            }
        }
        return out;
    }
}
