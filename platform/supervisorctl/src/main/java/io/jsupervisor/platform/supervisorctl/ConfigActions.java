package io.jsupervisor.platform.supervisorctl;

import io.jsupervisor.platform.supervisorctl.RpcClient.Fault;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The actions on the configuration: avail, reread, add, remove, update. */
final class ConfigActions extends ActionGroup {
    ConfigActions(Supervisorctl ctl) {
        super(ctl);
    }

    void avail(String arg) throws Fault {
        if (refusesArguments("avail", arg)) {
            return;
        }
        try {
            for (Map<String, Object> ci : ctl.callList("supervisor.getAllConfigInfo")) {
                String name = Namespecs.namespec(ci.get("group"), ci.get("name"));
                String inuse = Boolean.TRUE.equals(ci.get("inuse")) ? "in use" : "avail";
                String auto = Boolean.TRUE.equals(ci.get("autostart")) ? "auto" : "manual";
                out(TextColumns.pad(name, 32) + " " + TextColumns.pad(inuse, 9) + " " + TextColumns.pad(auto, 9) + " " + ci.get("group_prio") + ":"
                        + ci.get("process_prio"));
            }
        } catch (Fault f) {
            ctl.exitstatus = Supervisorctl.GENERIC;
            if (f.code == Supervisorctl.SHUTDOWN_STATE) {
                out("ERROR: supervisor shutting down");
            } else {
                throw f;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private List<List<String>> reloadConfig() throws Fault {
        List<Object> result = (List<Object>) ctl.call("supervisor.reloadConfig");
        return (List<List<String>>) result.get(0);
    }

    void reread(String arg) throws Fault {
        if (refusesArguments("reread", arg)) {
            return;
        }
        List<List<String>> acd;
        try {
            acd = reloadConfig();
        } catch (Fault f) {
            ctl.exitstatus = Supervisorctl.GENERIC;
            if (f.code == Supervisorctl.SHUTDOWN_STATE) {
                out("ERROR: supervisor shutting down");
            } else if (f.code == Supervisorctl.CANT_REREAD) {
                out("ERROR: " + f.string);
            } else {
                throw f;
            }
            return;
        }
        Map<String, String> changes = new TreeMap<>();
        String[] kinds = {"available", "changed", "disappeared"};
        for (int i = 0; i < 3; i++) {
            for (Object n : acd.get(i)) {
                changes.put(String.valueOf(n), kinds[i]);
            }
        }
        if (changes.isEmpty()) {
            out("No config updates to processes");
        } else {
            changes.forEach((k, v) -> out(k + ": " + v));
        }
    }

    void add(String arg) throws Fault {
        for (String name : Supervisorctl.split(arg)) {
            try {
                ctl.call("supervisor.addProcessGroup", name);
                out(name + ": added process group");
            } catch (Fault f) {
                if (f.code == Supervisorctl.SHUTDOWN_STATE) {
                    out("ERROR: shutting down");
                    ctl.exitstatus = Supervisorctl.GENERIC;
                } else if (f.code == Supervisorctl.ALREADY_ADDED) {
                    out("ERROR: process group already active");
                } else if (f.code == Supervisorctl.BAD_NAME) {
                    out("ERROR: no such process/group: " + name);
                    ctl.exitstatus = Supervisorctl.GENERIC;
                } else {
                    ctl.exitstatus = Supervisorctl.GENERIC;
                    throw f;
                }
            }
        }
    }

    void remove(String arg) throws Fault {
        for (String name : Supervisorctl.split(arg)) {
            try {
                ctl.call("supervisor.removeProcessGroup", name);
                out(name + ": removed process group");
            } catch (Fault f) {
                ctl.exitstatus = Supervisorctl.GENERIC;
                if (f.code == Supervisorctl.STILL_RUNNING) {
                    out("ERROR: process/group still running: " + name);
                } else if (f.code == Supervisorctl.BAD_NAME) {
                    out("ERROR: no such process/group: " + name);
                } else {
                    throw f;
                }
            }
        }
    }

    void update(String arg) throws Fault {
        List<List<String>> acd;
        try {
            acd = reloadConfig();
        } catch (Fault f) {
            ctl.exitstatus = Supervisorctl.GENERIC;
            if (f.code == Supervisorctl.SHUTDOWN_STATE) {
                out("ERROR: already shutting down");
                return;
            }
            throw f;
        }
        List<String> added = acd.get(0);
        List<String> changed = acd.get(1);
        List<String> removed = acd.get(2);
        Set<String> valid = new LinkedHashSet<>(Supervisorctl.words(arg));
        if (valid.contains("all")) {
            valid.clear();
        }
        if (!valid.isEmpty()) {
            Set<String> groups = new LinkedHashSet<>();
            for (Map<String, Object> info : ctl.callList("supervisor.getAllProcessInfo")) {
                groups.add(String.valueOf(info.get("group")));
            }
            groups.addAll(added);
            for (String g : valid) {
                if (!groups.contains(g)) {
                    out("ERROR: no such group: " + g);
                    ctl.exitstatus = Supervisorctl.GENERIC;
                }
            }
        }
        // in the reference's order: removed groups, then changed ones, then added ones
        for (String g : named(removed, valid)) {
            List<Map<String, Object>> results = ctl.callList("supervisor.stopProcessGroup", g);
            out(g + ": stopped");
            boolean fails = results.stream().anyMatch(r -> TargetApplier.code(r) == Supervisorctl.FAILED);
            if (fails) {
                out(g + ": has problems; not removing");
                ctl.exitstatus = Supervisorctl.GENERIC;
                continue;
            }
            ctl.call("supervisor.removeProcessGroup", g);
            out(g + ": removed process group");
        }
        for (String g : named(changed, valid)) {
            ctl.call("supervisor.stopProcessGroup", g);
            out(g + ": stopped");
            ctl.call("supervisor.removeProcessGroup", g);
            ctl.call("supervisor.addProcessGroup", g);
            out(g + ": updated process group");
        }
        for (String g : named(added, valid)) {
            ctl.call("supervisor.addProcessGroup", g);
            out(g + ": added process group");
        }
    }

    /** The groups of {@code groups} the command named; all of them when it named none ("all"). */
    private static List<String> named(List<String> groups, Set<String> valid) {
        return valid.isEmpty() ? groups : groups.stream().filter(valid::contains).toList();
    }
}
