package io.jsupervisor.fleet.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the fleet page shows of one daemon: whether it answers, why not, and its processes as
 * last seen (kept while it is unreachable, so the page can show what was running there).
 *
 * @param processes each with {@code namespec}, {@code statename}, {@code description}
 */
record PeerState(String name, String url, boolean local, boolean reachable, String error, long checkedMillis,
        List<Map<String, Object>> processes) {

    PeerState {
        processes = List.copyOf(processes);
    }

    static PeerState waiting(String name, String url) {
        return new PeerState(name, url, false, false, "connecting", System.currentTimeMillis(), List.of());
    }

    PeerState live(List<Map<String, Object>> now) {
        return new PeerState(name, url, local, true, "", System.currentTimeMillis(), now);
    }

    PeerState unreachable(String why) {
        return new PeerState(name, url, local, false, why, System.currentTimeMillis(), processes);
    }

    /** Processes by state name, for the summary line. */
    Map<String, Integer> counts() {
        Map<String, Integer> c = new TreeMap<>();
        for (Map<String, Object> p : processes) {
            c.merge(String.valueOf(p.get("statename")), 1, Integer::sum);
        }
        return c;
    }

    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("url", url);
        m.put("local", local);
        m.put("reachable", reachable);
        m.put("error", error);
        m.put("checked", checkedMillis);
        m.put("counts", counts());
        m.put("processes", processes);
        return m;
    }

    /** The three fields the page shows of a getProcessInfo struct. */
    static Map<String, Object> process(String namespec, String statename, String description) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("namespec", namespec);
        m.put("statename", statename);
        m.put("description", description);
        return m;
    }
}
