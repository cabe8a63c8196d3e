package io.jsupervisor.fleet.internal;

import io.jsupervisor.api.config.LogLevel;
import io.jsupervisor.api.event.Event;
import io.jsupervisor.api.event.EventListener;
import io.jsupervisor.api.log.DaemonLog;
import io.jsupervisor.api.process.Fault;
import io.jsupervisor.api.process.ProcessInfo;
import io.jsupervisor.api.process.ProcessManager;
import io.jsupervisor.api.process.SupervisorException;
import io.jsupervisor.rpcinterface.http.HttpEndpoint;
import io.jsupervisor.rpcinterface.http.SameOrigin;
import io.jsupervisor.pycompat.json.Json;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The fleet page at {@code /fleet}: this daemon and the peers {@code [jsupervisor.fleet]} names,
 * each with its processes, live. This daemon's entry comes from its own process manager and
 * events; each peer's from a {@link PeerFollower}. The page long-polls
 * {@code /fleet/api/state?since=<version>} and sends actions to {@code /fleet/api/action}, which
 * routes them to the right daemon. The component is made anew with each config (SIGHUP), which
 * rereads the peer list.
 */
@Component(service = {HttpEndpoint.class, EventListener.class}, property = {
        HttpEndpoint.PATH_PROPERTY + "=/fleet",
        EventListener.TYPES_PROPERTY + "=PROCESS_STATE,PROCESS_GROUP"})
public final class FleetEndpoint implements HttpEndpoint, EventListener {
    static final String LOCAL = "local";
    /** How long a long poll waits for a change before it answers with the same state. */
    static final long LONG_POLL_SECONDS = 25;

    private final ProcessManager manager;
    private final Fleet fleet = new Fleet();
    private final Map<String, PeerFollower> followers = new LinkedHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jsupervisor-fleet-timer");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService actions = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "jsupervisor-fleet-action");
        t.setDaemon(true);
        return t;
    });
    private final FleetPage page = new FleetPage();
    /** Whether this daemon's own state is kept up to date: see {@link #watch()}. */
    private volatile boolean watched;
    private final java.util.concurrent.atomic.AtomicBoolean refreshPending = new java.util.concurrent.atomic.AtomicBoolean();

    @Activate
    public FleetEndpoint(@Reference ProcessManager manager, @Reference DaemonLog log) {
        this.manager = manager;
        List<PeerAddress> peers;
        try {
            peers = PeerAddress.fromConfig(manager.config().extensions("fleet"));
        } catch (IOException | IllegalArgumentException e) {
            log.log(LogLevel.ERROR, "[jsupervisor.fleet]: " + e.getMessage() + "; the fleet page shows this daemon only");
            peers = List.of();
        }
        // made only when there are peers: an HttpClient starts a selector thread and loads the
        // java.net.http classes, about 8 MiB of the daemon's RSS, for nothing on a lone daemon
        HttpClient http = peers.isEmpty() ? null
                : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        for (PeerAddress p : peers) {
            if (p.name().equals(LOCAL)) {
                log.log(LogLevel.ERROR, "[jsupervisor.fleet]: the name 'local' is this daemon's; peer skipped");
                continue;
            }
            PeerFollower f = new PeerFollower(p, fleet, http);
            followers.put(p.name(), f);
            f.start();
        }
        if (!followers.isEmpty()) {
            watch();
            log.log(LogLevel.INFO, "fleet: following " + followers.size() + " peer(s): " + String.join(", ", followers.keySet()));
            timer.scheduleWithFixedDelay(() -> followers.values().forEach(f -> f.checkStale(System.currentTimeMillis())),
                    5, 5, TimeUnit.SECONDS);
        }
    }

    @Deactivate
    void deactivate() {
        followers.values().forEach(PeerFollower::stop);
        timer.shutdownNow();
        actions.shutdownNow();
    }

    @Override
    public void onEvent(Event event) {
        if (watched) {
            refreshLocal();
        }
    }

    /**
     * From now on this daemon's own state is kept for the fleet: once a page asks or peers are
     * followed. Until then nothing is computed, so a daemon nobody watches as a fleet pays nothing
     * per event (with 500 programs a start would otherwise list all 500 at each of 500 events).
     */
    private void watch() {
        if (!watched) {
            watched = true;
            fleet.put(localState());
        }
    }

    /** Recomputes this daemon's state on the timer thread; a burst of events costs one or two. */
    private void refreshLocal() {
        if (refreshPending.compareAndSet(false, true)) {
            try {
                timer.execute(() -> {
                    refreshPending.set(false);
                    fleet.put(localState());
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // deactivated: nobody reads the fleet any more
            }
        }
    }

    private PeerState localState() {
        List<Map<String, Object>> processes = new ArrayList<>();
        try {
            for (ProcessInfo p : manager.allProcessInfo()) {
                processes.add(PeerState.process(p.namespec(), p.statename(), p.description()));
            }
        } catch (SupervisorException e) {
            return new PeerState(LOCAL, "", true, false, e.getMessage(), System.currentTimeMillis(), List.of());
        }
        return new PeerState(LOCAL, "", true, true, "", System.currentTimeMillis(), processes);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        Fields q = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        switch (path) {
            case "/fleet", "/fleet/" -> {
                return page.html(response, callback);
            }
            case "/fleet/fleet.js", "/fleet/fleet.css" -> {
                return page.asset(path.substring("/fleet/".length()), response, callback);
            }
            case "/fleet/api/state" -> {
                state(q, response, callback);
                return true;
            }
            case "/fleet/api/action" -> {
                if (!request.getMethod().equals("POST")) {
                    return FleetPage.json(response, callback, 405, result(false, "POST only"));
                }
                if (!SameOrigin.check(request)) {
                    return FleetPage.json(response, callback, 403, result(false, "cross-origin request refused"));
                }
                action(value(q, "peer"), value(q, "action"), value(q, "name"), response, callback);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private void state(Fields q, Response response, Callback callback) {
        watch();
        long since;
        try {
            since = Long.parseLong(value(q, "since") == null ? "-1" : value(q, "since"));
        } catch (NumberFormatException e) {
            since = -1;
        }
        CompletableFuture<String> next = fleet.after(since);
        if (!next.isDone()) {
            timer.schedule(() -> {
                fleet.forget(next);
                next.complete(fleet.json());
            }, LONG_POLL_SECONDS, TimeUnit.SECONDS);
        }
        next.thenAccept(json -> FleetPage.json(response, callback, 200, json));
    }

    private void action(String peer, String action, String namespec, Response response, Callback callback) {
        actions.execute(() -> {
            String answer;
            int status = 200;
            try {
                if (peer == null || action == null || namespec == null) {
                    throw new IllegalArgumentException("peer, action and name are needed");
                }
                FleetActions.run(daemon(peer), action, namespec);
                answer = result(true, peer + ": " + action + " " + namespec + ": done");
            } catch (IllegalArgumentException e) {
                status = 400;
                answer = result(false, e.getMessage());
            } catch (Exception e) {
                answer = result(false, peer + ": " + action + " " + namespec + ": " + message(e));
            }
            FleetPage.json(response, callback, status, answer);
        });
    }

    private FleetActions.Daemon daemon(String peer) {
        if (peer.equals(LOCAL)) {
            return new FleetActions.Daemon() {
                @Override
                public void start(String ns) throws Exception {
                    manager.startProcess(ns, true).toCompletableFuture().get();
                }

                @Override
                public void stop(String ns) throws Exception {
                    manager.stopProcess(ns, true).toCompletableFuture().get();
                }

                @Override
                public boolean notRunning(Exception e) {
                    Throwable c = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                    return c instanceof SupervisorException s && s.fault() == Fault.NOT_RUNNING;
                }
            };
        }
        PeerFollower f = followers.get(peer);
        if (f == null) {
            throw new IllegalArgumentException("no peer " + peer);
        }
        return new FleetActions.Daemon() {
            @Override
            public void start(String ns) throws Exception {
                f.rpc().call("supervisor.startProcess", ns, true);
                f.refresh();
            }

            @Override
            public void stop(String ns) throws Exception {
                f.rpc().call("supervisor.stopProcess", ns, true);
                f.refresh();
            }

            @Override
            public boolean notRunning(Exception e) {
                return e instanceof XmlRpcClient.Fault x && x.code == Fault.NOT_RUNNING.code();
            }
        };
    }

    private static String message(Exception e) {
        Throwable c = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }

    private static String result(boolean ok, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", ok);
        m.put("message", message);
        return Json.write(m);
    }

    private static String value(Fields q, String name) {
        Fields.Field f = q.get(name);
        return f == null ? null : f.getValue();
    }
}
