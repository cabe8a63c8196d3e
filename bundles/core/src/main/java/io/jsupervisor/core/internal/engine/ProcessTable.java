package io.jsupervisor.core.internal.engine;

import io.jsupervisor.api.process.Fault;
import io.jsupervisor.api.process.SupervisorException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The groups and processes the engine runs, and the pids of their children: the lookups by name
 * (the reference's {@code _getGroupAndProcess}) and the priority orders. Engine thread only.
 */
final class ProcessTable {
    /** In the order they were added (config order, then addProcessGroup's). */
    private final List<GroupRuntime> groups = new ArrayList<>();
    private final Map<String, GroupRuntime> groupsByName = new HashMap<>();
    private final Map<Integer, ProcessRuntime> pids = new HashMap<>();

    void add(GroupRuntime group) {
        groups.add(group);
        groupsByName.put(group.config.name(), group);
    }

    void remove(GroupRuntime group) {
        groups.remove(group);
        groupsByName.remove(group.config.name());
    }

    /** The groups in the order they were added (a copy: callers may add or remove groups). */
    List<GroupRuntime> groups() {
        return new ArrayList<>(groups);
    }

    /** The group of that name, or null. */
    GroupRuntime find(String name) {
        return groupsByName.get(name);
    }

    /** The group of that name; BAD_NAME if there is none. */
    GroupRuntime group(String name) {
        GroupRuntime g = groupsByName.get(name);
        if (g == null) {
            throw new SupervisorException(Fault.BAD_NAME, name);
        }
        return g;
    }

    /** One process by {@code group:name} or {@code name}; BAD_NAME for a group spec or an unknown one. */
    ProcessRuntime process(String namespec) {
        String groupName;
        String processName;
        int colon = namespec.indexOf(':');
        if (colon >= 0) {
            groupName = namespec.substring(0, colon);
            processName = namespec.substring(colon + 1);
            if (processName.equals("*")) {
                processName = null;
            }
        } else {
            groupName = namespec;
            processName = namespec;
        }
        GroupRuntime group = groupsByName.get(groupName);
        if (group == null || processName == null) {
            throw new SupervisorException(Fault.BAD_NAME, namespec);
        }
        ProcessRuntime p = group.processes.get(processName);
        if (p == null) {
            throw new SupervisorException(Fault.BAD_NAME, namespec);
        }
        return p;
    }

    /** The groups by priority (stable: config order among equals). */
    List<GroupRuntime> byPriority() {
        List<GroupRuntime> sorted = new ArrayList<>(groups);
        sorted.sort(Comparator.comparingInt(g -> g.config.priority()));
        return sorted;
    }

    /** A group's processes by priority (stable: config order among equals). */
    static List<ProcessRuntime> byPriority(GroupRuntime g) {
        List<ProcessRuntime> list = new ArrayList<>(g.processes.values());
        list.sort(Comparator.comparingInt(p -> p.config.priority()));
        return list;
    }

    /** Every process, groups then processes by priority (the reference's _getAllProcesses). */
    List<ProcessRuntime> allByPriority() {
        List<ProcessRuntime> all = new ArrayList<>();
        for (GroupRuntime g : byPriority()) {
            all.addAll(byPriority(g));
        }
        return all;
    }

    /** Every process, groups in the order they were added, each in config order. */
    List<ProcessRuntime> all() {
        List<ProcessRuntime> all = new ArrayList<>();
        for (GroupRuntime g : groups) {
            all.addAll(g.processes.values());
        }
        return all;
    }

    /** Every process not yet in a stopped state, in group order. */
    List<ProcessRuntime> unstopped() {
        List<ProcessRuntime> unstopped = new ArrayList<>();
        for (GroupRuntime g : groups) {
            unstopped.addAll(g.unstopped());
        }
        return unstopped;
    }

    /** The listener pools, in group order. */
    List<ListenerPool> pools() {
        List<ListenerPool> pools = new ArrayList<>();
        for (GroupRuntime g : groups) {
            if (g.pool != null) {
                pools.add(g.pool);
            }
        }
        return pools;
    }

    void childSpawned(int pid, ProcessRuntime process) {
        pids.put(pid, process);
    }

    /** The process whose child that was, forgotten now; null for a pid nobody spawned here. */
    ProcessRuntime childExited(int pid) {
        return pids.remove(pid);
    }

    /** The pids of the children still running. */
    Collection<Integer> livePids() {
        return List.copyOf(pids.keySet());
    }
}
