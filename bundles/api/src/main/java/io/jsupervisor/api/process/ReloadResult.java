package io.jsupervisor.api.process;

import java.util.List;

/** What rereading the config found, by group name, in the reference's order. */
public record ReloadResult(List<String> added, List<String> changed, List<String> removed) {
    public ReloadResult {
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
    }
}
