package io.jsupervisor.platform.supervisorctl;

import io.jsupervisor.platform.supervisorctl.RpcClient.Fault;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The shell's completion: action names, then what the action's registration says its arguments are. */
final class Completer {
    private final Supervisorctl ctl;

    Completer(Supervisorctl ctl) {
        this.ctl = ctl;
    }

    /** Completions of {@code text}, the word being typed at the end of {@code line}, each with a space. */
    List<String> complete(String text, String line) {
        List<String> vocab = ActionRegistry.completable();
        String[] words = line.strip().isEmpty() ? new String[0] : line.strip().split("\\s+");
        if (words.length == 0 || (words.length == 1 && !line.endsWith(" "))) {
            return startingWith(vocab, text);
        }
        Action action = ActionRegistry.byName(words[0]);
        try {
            return switch (action == null ? Action.Completion.NONE : action.completion()) {
                case ACTIONS -> startingWith(vocab, text);
                case GROUPS -> startingWith(completionGroups(), text);
                case PROCESSES -> startingWith(completionProcesses(text), text);
                case NONE -> List.of();
            };
        } catch (Fault | RuntimeException e) {
            return List.of();
        }
    }

    private static List<String> startingWith(Iterable<String> candidates, String text) {
        List<String> matches = new ArrayList<>();
        for (String c : candidates) {
            if (c.startsWith(text)) {
                matches.add(c + " ");
            }
        }
        return matches;
    }

    private Set<String> completionGroups() throws Fault {
        Set<String> groups = new LinkedHashSet<>();
        for (Map<String, Object> info : completeInfo()) {
            groups.add(String.valueOf(info.get("group")));
        }
        return groups;
    }

    private List<String> completionProcesses(String text) throws Fault {
        List<String> procs = new ArrayList<>();
        for (Map<String, Object> info : completeInfo()) {
            String g = String.valueOf(info.get("group"));
            String nm = String.valueOf(info.get("name"));
            if (text.contains(":") || !nm.equals(g)) {
                procs.add(g + ":" + nm);
                if (!procs.contains(g + ":*")) {
                    procs.add(g + ":*");
                }
            } else {
                procs.add(nm);
            }
        }
        return procs;
    }

    private List<Map<String, Object>> completeInfo() throws Fault {
        if (ctl.completeInfo == null) {
            ctl.completeInfo = ctl.callList("supervisor.getAllProcessInfo");
        }
        return ctl.completeInfo;
    }
}
