package io.jsupervisor.fleet.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keeps one remote daemon's entry in the {@link Fleet} current, on a thread of its own. It reads
 * the processes with XML-RPC's getAllProcessInfo (any Supervisor-compatible daemon answers it)
 * and then follows the daemon's {@code /api/v1/events} stream, reading the processes again after
 * each burst of state changes. A daemon without that stream (the reference, or ours without the
 * JSON API) is asked every {@link #POLL_MILLIS} ms instead. When the daemon stops answering, or
 * its stream ends (a killed daemon's socket closes at once), it is shown unreachable and tried
 * again after a back-off that doubles from half a second up to 30 s.
 */
final class PeerFollower {
    static final long POLL_MILLIS = 2000;
    /** A stream quiet for this long (the peer sends a comment every 15 s) is taken for dead. */
    static final long STALE_MILLIS = 40_000;
    private static final long MAX_BACKOFF_MILLIS = 30_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final PeerAddress peer;
    private final Fleet fleet;
    private final HttpClient http;
    private final XmlRpcClient rpc;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile InputStream stream;
    private volatile long lastByteMillis;

    PeerFollower(PeerAddress peer, Fleet fleet, HttpClient http) {
        this.peer = peer;
        this.fleet = fleet;
        this.http = http;
        this.rpc = new XmlRpcClient(http, peer, TIMEOUT);
        this.thread = new Thread(this::run, "jsupervisor-fleet-" + peer.name());
        this.thread.setDaemon(true);
        fleet.put(PeerState.waiting(peer.name(), peer.display()));
    }

    XmlRpcClient rpc() {
        return rpc;
    }

    void start() {
        thread.start();
    }

    void stop() {
        running = false;
        closeStream();
        thread.interrupt();
    }

    /** Called every few seconds: a stream that has gone quiet is closed, which reconnects it. */
    void checkStale(long nowMillis) {
        if (stream != null && nowMillis - lastByteMillis > STALE_MILLIS) {
            closeStream();
        }
    }

    private void run() {
        long backoff = 500;
        while (running) {
            try {
                refresh();
                backoff = 500;
                if (!follow()) {
                    Thread.sleep(POLL_MILLIS);
                }
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                if (!running) {
                    return;
                }
                fleet.put(current().unreachable(why(e)));
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            }
        }
    }

    /** Reads the processes and shows the daemon live. */
    void refresh() throws IOException, InterruptedException {
        Object answer = rpc.call("supervisor.getAllProcessInfo");
        if (!(answer instanceof List<?> list)) {
            throw new IOException("getAllProcessInfo answered " + answer);
        }
        List<Map<String, Object>> processes = new ArrayList<>();
        for (Object o : list) {
            Map<?, ?> p = (Map<?, ?>) o;
            String name = String.valueOf(p.get("name"));
            String group = String.valueOf(p.get("group"));
            processes.add(PeerState.process(group.equals(name) ? name : group + ":" + name,
                    String.valueOf(p.get("statename")), String.valueOf(p.get("description"))));
        }
        fleet.put(current().live(processes));
    }

    /**
     * Follows the event stream until it ends (then throws) or is found missing (then returns
     * false, and the caller polls).
     */
    private boolean follow() throws IOException, InterruptedException {
        HttpRequest.Builder req = HttpRequest.newBuilder(peer.resolve("/api/v1/events?types=PROCESS_STATE,PROCESS_GROUP"))
                .header("Accept", "text/event-stream").GET();
        if (peer.authorization() != null) {
            req.header("Authorization", peer.authorization());
        }
        HttpResponse<InputStream> r = http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() == 404) {
            r.body().close();
            return false;
        }
        if (r.statusCode() != 200) {
            r.body().close();
            throw new IOException("HTTP " + r.statusCode() + " from the event stream");
        }
        stream = r.body();
        lastByteMillis = System.currentTimeMillis();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            boolean changed = false;
            String line;
            while (running && (line = in.readLine()) != null) {
                lastByteMillis = System.currentTimeMillis();
                changed |= line.startsWith("data:");
                if (changed && !in.ready()) {
                    changed = false;
                    refresh(); // once per burst: whatever has arrived so far is read first
                }
            }
        } finally {
            stream = null;
        }
        throw new IOException("the event stream ended");
    }

    private PeerState current() {
        PeerState s = fleet.get(peer.name());
        return s != null ? s : PeerState.waiting(peer.name(), peer.display());
    }

    private void closeStream() {
        InputStream s = stream;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing is all we wanted
            }
        }
    }

    private static String why(Exception e) {
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + TIMEOUT.toSeconds() + " s";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
