package io.jsupervisor.eventlisteners.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code programs} option: a comma-separated list of {@code *} (every process),
 * {@code group:*} (every process of a group), {@code group:name} (one process) or a bare
 * {@code name} (the processes called {@code name}, and every process of a group called
 * {@code name}, so {@code web} covers {@code web:web_00} and {@code web:web_01} of a
 * {@code numprocs} program).
 */
final class Programs {
    private final List<String> specs;

    private Programs(List<String> specs) {
        this.specs = List.copyOf(specs);
    }

    static Programs parse(String value) {
        List<String> specs = new ArrayList<>();
        for (String s : value.split(",")) {
            String t = s.strip();
            if (t.isEmpty()) {
                continue;
            }
            int colon = t.indexOf(':');
            if (colon == 0 || colon == t.length() - 1 || t.indexOf(':', colon + 1) >= 0
                    || (t.contains("*") && !t.equals("*") && !t.endsWith(":*"))) {
                throw new IllegalArgumentException("bad program name '" + t
                        + "' in programs (use name, group:name, group:* or *)");
            }
            specs.add(t);
        }
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("programs is empty");
        }
        return new Programs(specs);
    }

    /** Whether a process ({@code name} non-null) or a group event ({@code name} null) is covered. */
    boolean matches(String group, String name) {
        for (String s : specs) {
            if (s.equals("*")) {
                return true;
            }
            int colon = s.indexOf(':');
            if (colon < 0) {
                if (s.equals(group) || s.equals(name)) {
                    return true;
                }
            } else {
                String g = s.substring(0, colon);
                String n = s.substring(colon + 1);
                if (g.equals(group) && (n.equals("*") || n.equals(name))) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return String.join(",", specs);
    }
}
