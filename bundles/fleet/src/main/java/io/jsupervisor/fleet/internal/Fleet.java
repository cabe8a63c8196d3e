package io.jsupervisor.fleet.internal;

import io.jsupervisor.pycompat.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The state of every daemon of the fleet, numbered by a version that grows with each change, so
 * a page can ask "anything after version n?" and wait for the answer (a long poll) instead of
 * polling: the page is live and an idle fleet costs nothing.
 */
final class Fleet {
    private final Map<String, PeerState> peers = new LinkedHashMap<>();
    private final List<CompletableFuture<String>> waiting = new ArrayList<>();
    private long version;

    /** Sets a daemon's state; an unchanged state (but for when it was checked) is no change. */
    void put(PeerState state) {
        List<CompletableFuture<String>> wake;
        String json;
        synchronized (this) {
            PeerState old = peers.get(state.name());
            if (old != null && old.reachable() == state.reachable() && old.error().equals(state.error())
                    && old.processes().equals(state.processes())) {
                peers.put(state.name(), state);
                return;
            }
            peers.put(state.name(), state);
            version++;
            json = jsonLocked();
            wake = new ArrayList<>(waiting);
            waiting.clear();
        }
        wake.forEach(f -> f.complete(json));
    }

    synchronized PeerState get(String name) {
        return peers.get(name);
    }

    synchronized long version() {
        return version;
    }

    /** The fleet as JSON once its version is past {@code since}: at once, or at the next change. */
    CompletableFuture<String> after(long since) {
        synchronized (this) {
            if (version > since) {
                return CompletableFuture.completedFuture(jsonLocked());
            }
            CompletableFuture<String> f = new CompletableFuture<>();
            waiting.add(f);
            return f;
        }
    }

    synchronized String json() {
        return jsonLocked();
    }

    /** Drops a waiter that timed out (its page asks again). */
    synchronized void forget(CompletableFuture<String> f) {
        waiting.remove(f);
    }

    private String jsonLocked() {
        List<Object> list = new ArrayList<>();
        peers.values().forEach(p -> list.add(p.json()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", version);
        m.put("peers", list);
        return Json.write(m);
    }
}
