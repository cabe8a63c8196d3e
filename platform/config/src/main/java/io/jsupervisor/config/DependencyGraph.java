package io.jsupervisor.config;

import io.jsupervisor.api.config.ProcessConfig;
import io.jsupervisor.api.config.ProcessGroupConfig;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The {@code depends_on} names of a whole config, checked once every group is built: each names
 * a group ({@code x}, {@code x:*}) or a process ({@code x:y}) that exists, and no process
 * depends, directly or through others, on itself.
 */
final class DependencyGraph {
    /** One process: {@code group:process} as supervisorctl names it. */
    private record Node(String group, String process) {
        String namespec() {
            return group.equals(process) ? process : group + ":" + process;
        }
    }

    private final ReadContext ctx;
    private final List<ProcessGroupConfig> groups;
    /** The section a process came from, by group name and process name. */
    private final BiFunction<String, String, String> sectionOf;
    /** Each group's processes, by group name. */
    private final Map<String, List<Node>> members = new HashMap<>();

    DependencyGraph(ReadContext ctx, List<ProcessGroupConfig> groups, BiFunction<String, String, String> sectionOf) {
        this.ctx = ctx;
        this.groups = groups;
        this.sectionOf = sectionOf;
        for (ProcessGroupConfig g : groups) {
            List<Node> nodes = new ArrayList<>();
            for (ProcessConfig p : g.processes()) {
                nodes.add(new Node(g.name(), p.name()));
            }
            members.putIfAbsent(g.name(), nodes);
        }
    }

    /** Fails, naming the section and file, on the first unknown name, then on the first cycle. */
    void check() {
        checkAcyclic(edges());
    }

    /** What each process depends on, one list per name (a group's list is shared, not copied). */
    private Map<Node, List<List<Node>>> edges() {
        Map<Node, List<List<Node>>> edges = new LinkedHashMap<>();
        for (ProcessGroupConfig g : groups) {
            for (ProcessConfig p : g.processes()) {
                Node node = new Node(g.name(), p.name());
                List<List<Node>> targets = new ArrayList<>();
                for (String name : p.readiness().dependsOn()) {
                    List<Node> resolved = resolve(name);
                    if (resolved == null) {
                        throw error(node, "no group or process named " + Py.repr(name));
                    }
                    targets.add(resolved);
                }
                edges.putIfAbsent(node, targets);
            }
        }
        return edges;
    }

    /** The processes a name stands for, as the reference splits a name; null when there are none such. */
    private List<Node> resolve(String name) {
        int colon = name.indexOf(':');
        String group = colon < 0 ? name : name.substring(0, colon);
        String process = colon < 0 ? "" : name.substring(colon + 1);
        List<Node> all = members.get(group);
        if (all == null || process.isEmpty() || process.equals("*")) {
            return all;
        }
        Node one = new Node(group, process);
        return all.contains(one) ? List.of(one) : null;
    }

    /** A depth-first walk; a process met again while on the current path closes a cycle. */
    private void checkAcyclic(Map<Node, List<List<Node>>> edges) {
        Map<Node, Boolean> onPath = new HashMap<>(); // false once finished
        for (Node start : edges.keySet()) {
            if (onPath.containsKey(start)) {
                continue;
            }
            List<Node> path = new ArrayList<>();
            Deque<Iterator<Node>> next = new ArrayDeque<>();
            path.add(start);
            onPath.put(start, true);
            next.push(edges.get(start).stream().flatMap(List::stream).iterator());
            while (!next.isEmpty()) {
                if (!next.peek().hasNext()) {
                    next.pop();
                    onPath.put(path.remove(path.size() - 1), false);
                    continue;
                }
                Node to = next.peek().next();
                Boolean state = onPath.get(to);
                if (state == null) {
                    path.add(to);
                    onPath.put(to, true);
                    next.push(edges.get(to).stream().flatMap(List::stream).iterator());
                } else if (state) {
                    throw cycle(path.subList(path.indexOf(to), path.size()));
                }
            }
        }
    }

    private PyValueError cycle(List<Node> loop) {
        StringBuilder chain = new StringBuilder();
        for (Node n : loop) {
            chain.append(n.namespec()).append(" -> ");
        }
        chain.append(loop.get(0).namespec());
        return error(loop.get(0), "a cycle: " + chain);
    }

    private PyValueError error(Node node, String problem) {
        String section = sectionOf.apply(node.group(), node.process());
        return new PyValueError("[" + section + "] depends_on: " + problem + ctx.inFile(section));
    }
}
