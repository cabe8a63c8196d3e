package io.jsupervisor.core.internal.engine;

import io.jsupervisor.api.config.ConfigException;
import io.jsupervisor.api.config.ProcessGroupConfig;
import io.jsupervisor.api.config.SupervisorConfig;
import io.jsupervisor.api.event.EventType;
import io.jsupervisor.api.process.Fault;
import io.jsupervisor.api.process.ReloadResult;
import io.jsupervisor.api.process.SupervisorException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Rereading the config and adding or removing groups while the daemon runs (the reference's
 * reloadConfig, addProcessGroup, removeProcessGroup). Engine thread only.
 */
final class GroupChanges {
    private final Engine.ConfigSource configSource;
    private final ProcessTable table;
    private final GroupFactory groupFactory;
    private final EventPublisher events;
    /** The config addProcessGroup takes groups from: the last one read (options.process_group_configs). */
    private SupervisorConfig latest;

    GroupChanges(SupervisorConfig initial, Engine.ConfigSource configSource, ProcessTable table,
            GroupFactory groupFactory, EventPublisher events) {
        this.latest = initial;
        this.configSource = configSource;
        this.table = table;
        this.groupFactory = groupFactory;
        this.events = events;
    }

    SupervisorConfig latest() {
        return latest;
    }

    /** Reads the config again and compares its groups with the running ones; CANT_REREAD if it fails. */
    ReloadResult reread() {
        SupervisorConfig fresh;
        try {
            fresh = configSource.read();
        } catch (ConfigException e) {
            throw new SupervisorException(Fault.CANT_REREAD, e.getMessage());
        }
        latest = fresh;
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (ProcessGroupConfig g : fresh.groups()) {
            GroupRuntime running = table.find(g.name());
            if (running == null) {
                added.add(g.name());
            } else if (!running.config.equals(g)) {
                changed.add(g.name());
            }
        }
        for (GroupRuntime g : table.groups()) {
            if (fresh.group(g.config.name()) == null) {
                removed.add(g.config.name());
            }
        }
        return new ReloadResult(added, changed, removed);
    }

    /** Adds a group from the config read last; the daemon's own groups at start come this way too. */
    void add(ProcessGroupConfig gc) throws IOException {
        table.add(groupFactory.create(gc));
        // as the reference's add_process_group: pools added earlier hear of later groups
        events.publish(EventPayloads.group(EventType.PROCESS_GROUP_ADDED, gc.name()));
    }

    boolean add(String name) {
        ProcessGroupConfig gc = latest.group(name);
        if (gc == null) {
            throw new SupervisorException(Fault.BAD_NAME, name);
        }
        if (table.find(name) != null) {
            throw new SupervisorException(Fault.ALREADY_ADDED, name);
        }
        try {
            add(gc);
        } catch (IOException e) {
            throw new SupervisorException(Fault.FAILED, name + ": " + e.getMessage());
        }
        return true;
    }

    boolean remove(String name) {
        GroupRuntime g = table.group(name);
        if (!g.unstopped().isEmpty()) {
            throw new SupervisorException(Fault.STILL_RUNNING, name);
        }
        table.remove(g);
        if (g.fcgiSocket != null) {
            g.fcgiSocket.discard();
        }
        events.publish(EventPayloads.group(EventType.PROCESS_GROUP_REMOVED, name));
        return true;
    }
}
