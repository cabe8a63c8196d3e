package io.jsupervisor.restapi.internal;

import io.jsupervisor.pycompat.json.Json;
import io.jsupervisor.api.event.Event;
import io.jsupervisor.api.event.EventListener;
import io.jsupervisor.api.event.EventType;
import io.jsupervisor.api.process.Fault;
import io.jsupervisor.api.process.ProcessManager;
import io.jsupervisor.api.process.SupervisorException;
import io.jsupervisor.rpcinterface.http.HttpEndpoint;
import io.jsupervisor.rpcinterface.http.SameOrigin;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The JSON API under {@code /api/v1}, served by the daemon's HTTP servers behind their
 * authentication, described by {@code /api/v1/openapi.json}. It takes the HTTP side: routing,
 * parameters, the same-origin check on requests that change something, status codes; the
 * process work is the {@link ProcessManager}'s ({@link Operations}) and the event stream the
 * {@link EventJournal}'s. Every event the daemon raises is journalled for {@code /api/v1/events}.
 */
@Component(service = {HttpEndpoint.class, EventListener.class},
        property = HttpEndpoint.PATH_PROPERTY + "=" + RestApi.PREFIX)
public final class RestApi implements HttpEndpoint, EventListener {
    static final String PREFIX = "/api/v1";
    /** Events held for {@code Last-Event-ID} resumes. */
    static final int JOURNAL_CAPACITY = 2048;
    private static final long KEEPALIVE_SECONDS = 15;

    private final ProcessManager manager;
    private final Operations operations;
    private final EventJournal journal = new EventJournal(JOURNAL_CAPACITY);
    private final byte[] openapi;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jsupervisor-restapi-keepalive");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> keepAlive;
    /**
     * Events are journalled from the API's first request on: until a client has asked, nobody can
     * hold an event id to resume from, and a daemon nobody reads this way keeps no journal (2,048
     * events of 500 programs' start-up are about 2 MiB of heap).
     */
    private volatile boolean journalling;

    @Activate
    public RestApi(@Reference ProcessManager manager) {
        this.manager = manager;
        this.operations = new Operations(manager);
        this.openapi = resource("openapi.json");
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    @Override
    public void onEvent(Event event) {
        if (journalling) {
            journal.append(event);
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (path == null || !path.startsWith(PREFIX)) {
            return false;
        }
        journalling = true;
        List<String> seg = segments(path.substring(PREFIX.length()));
        String method = request.getMethod();
        Fields query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        boolean get = method.equals("GET") || method.equals("HEAD");
        if (!get && !SameOrigin.check(request)) {
            return send(response, callback, ApiError.request(403, Fault.FAILED, "cross-origin request refused"));
        }
        try {
            return route(seg, method, query, request, response, callback);
        } catch (SupervisorException e) {
            return send(response, callback, ApiError.of(e));
        } catch (IllegalArgumentException e) {
            return send(response, callback, ApiError.request(400, Fault.INCORRECT_PARAMETERS, e.getMessage()));
        }
    }

    private boolean route(List<String> seg, String method, Fields q, Request request, Response response,
            Callback callback) {
        String first = seg.isEmpty() ? "" : seg.get(0);
        int n = seg.size();
        switch (first) {
            case "openapi.json":
                if (n == 1 && allow(method, "GET", response, callback)) {
                    return Http.send(response, callback, 200, "application/json;charset=utf-8", openapi);
                }
                return true;
            case "daemon":
                if (n == 1 && allow(method, "GET", response, callback)) {
                    return json(response, callback, 200, Views.daemon(manager));
                }
                if (n == 2 && seg.get(1).equals("log") && allow(method, "GET", response, callback)) {
                    return log(manager.mainLogfile(), "the activity log", q, response, callback);
                }
                if (n == 2 && (seg.get(1).equals("shutdown") || seg.get(1).equals("restart"))
                        && allow(method, "POST", response, callback)) {
                    operations.daemon(seg.get(1));
                    return json(response, callback, 202, Views.ok());
                }
                if (n == 3 && seg.get(1).equals("processes") && Operations.ACTIONS.contains(seg.get(2))
                        && allow(method, "POST", response, callback)) {
                    return answer(operations.onAll(seg.get(2), q), request, response, callback);
                }
                break;
            case "processes":
                if (n == 1 && allow(method, "GET", response, callback)) {
                    return json(response, callback, 200, Views.processes(manager.allProcessInfo()));
                }
                if (n == 2 && allow(method, "GET", response, callback)) {
                    return json(response, callback, 200, Views.process(manager.processInfo(seg.get(1))));
                }
                if (n == 3 && Operations.ACTIONS.contains(seg.get(2)) && allow(method, "POST", response, callback)) {
                    return answer(operations.onProcess(seg.get(1), seg.get(2), q), request, response, callback);
                }
                if (n == 3 && seg.get(2).equals("logs") && allow(method, "DELETE", response, callback)) {
                    return answer(operations.clearLogs(seg.get(1)), request, response, callback);
                }
                if (n == 4 && seg.get(2).equals("logs") && allow(method, "GET", response, callback)) {
                    var info = manager.processInfo(seg.get(1));
                    String file = switch (seg.get(3)) {
                        case "stdout" -> info.stdoutLogfile();
                        case "stderr" -> info.stderrLogfile();
                        default -> throw new IllegalArgumentException("no log channel " + seg.get(3)
                                + " (stdout or stderr)");
                    };
                    return log(file, info.namespec(), q, response, callback);
                }
                break;
            case "groups":
                if (n == 1 && method.equals("POST")) {
                    return answer(operations.addGroup(Http.required(q, "name")), request, response, callback);
                }
                if (n == 1 && allow(method, "GET, POST", response, callback)) {
                    return json(response, callback, 200, operations.groups());
                }
                if (n == 2 && method.equals("DELETE")) {
                    return answer(operations.removeGroup(seg.get(1)), request, response, callback);
                }
                if (n == 2 && allow(method, "GET, DELETE", response, callback)) {
                    return json(response, callback, 200, operations.group(seg.get(1)));
                }
                if (n == 3 && Operations.ACTIONS.contains(seg.get(2)) && allow(method, "POST", response, callback)) {
                    return answer(operations.onGroup(seg.get(1), seg.get(2), q), request, response, callback);
                }
                break;
            case "config":
                if (n == 2 && seg.get(1).equals("reread") && allow(method, "POST", response, callback)) {
                    return json(response, callback, 200, Views.reread(manager.reloadConfig()));
                }
                if (n == 2 && seg.get(1).equals("update") && allow(method, "POST", response, callback)) {
                    return answer(operations.update(), request, response, callback);
                }
                break;
            case "events":
                if (n == 1 && allow(method, "GET", response, callback)) {
                    return events(request, q, response, callback);
                }
                break;
            default:
                break;
        }
        if (response.isCommitted()) {
            return true; // allow() answered 405
        }
        return send(response, callback, ApiError.request(404, Fault.UNKNOWN_METHOD, "no such resource: "
                + PREFIX + "/" + String.join("/", seg)));
    }

    private boolean events(Request request, Fields q, Response response, Callback callback) {
        List<EventType> types = new ArrayList<>();
        String wanted = Http.value(q, "types");
        if (wanted != null && !wanted.isBlank()) {
            for (String t : wanted.split(",")) {
                types.add(EventType.byName(t.trim())
                        .orElseThrow(() -> new IllegalArgumentException("no event type " + t.trim())));
            }
        }
        String last = request.getHeaders().get("Last-Event-ID");
        if (last == null) {
            last = Http.value(q, "last_event_id");
        }
        response.setStatus(200);
        Http.headers(response, "text/event-stream;charset=utf-8");
        response.getHeaders().put("X-Accel-Buffering", "no");
        SseStream stream = new SseStream(response, callback);
        stream.onEnd(() -> journal.unsubscribe(stream));
        // the journal's first frame commits the headers at once, so the client knows it is connected
        journal.subscribe(stream, last, types);
        startKeepAlive();
        return true;
    }

    private synchronized void startKeepAlive() {
        if (keepAlive == null || keepAlive.isDone()) {
            keepAlive = timer.scheduleWithFixedDelay(this::keepAliveTick, KEEPALIVE_SECONDS, KEEPALIVE_SECONDS,
                    TimeUnit.SECONDS);
        }
    }

    private synchronized void keepAliveTick() {
        journal.keepAlive();
        if (journal.streams() == 0) {
            keepAlive.cancel(false); // nobody listens: the timer sleeps until the next stream
        }
    }

    private boolean log(String file, String what, Fields q, Response response, Callback callback) {
        if (file == null || file.isEmpty() || !java.nio.file.Files.isRegularFile(java.nio.file.Path.of(file))) {
            return send(response, callback, ApiError.of(new SupervisorException(Fault.NO_FILE, what)));
        }
        long offset = Http.longValue(q, "offset", -LogSlice.MAX_LENGTH / 16);
        int length = (int) Math.min(LogSlice.MAX_LENGTH, Http.longValue(q, "length", LogSlice.MAX_LENGTH / 16));
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative");
        }
        try {
            return json(response, callback, 200, LogSlice.read(java.nio.file.Path.of(file), offset, length).json());
        } catch (IOException e) {
            return send(response, callback, ApiError.of(new SupervisorException(Fault.FAILED, String.valueOf(e))));
        }
    }

    /** Writes the stage's outcome once it completes, on the server's pool. */
    private boolean answer(CompletionStage<?> stage, Request request, Response response, Callback callback) {
        stage.whenCompleteAsync((value, failure) -> {
            Throwable t = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (t == null) {
                json(response, callback, 200, value);
            } else if (t instanceof SupervisorException e) {
                send(response, callback, ApiError.of(e));
            } else if (t instanceof IllegalArgumentException e) {
                send(response, callback, ApiError.request(400, Fault.INCORRECT_PARAMETERS, e.getMessage()));
            } else {
                send(response, callback, ApiError.of(new SupervisorException(Fault.FAILED, String.valueOf(t))));
            }
        }, request.getComponents().getExecutor());
        return true;
    }

    private static boolean allow(String method, String allowed, Response response, Callback callback) {
        for (String a : allowed.split(", ")) {
            if (a.equals(method) || (a.equals("GET") && method.equals("HEAD"))) {
                return true;
            }
        }
        response.getHeaders().put(HttpHeader.ALLOW, allowed);
        send(response, callback, ApiError.request(405, Fault.UNKNOWN_METHOD, method + " is not allowed here"));
        return false;
    }

    private static boolean json(Response response, Callback callback, int status, Object body) {
        return Http.send(response, callback, status, "application/json;charset=utf-8",
                Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    private static boolean send(Response response, Callback callback, ApiError error) {
        return json(response, callback, error.status(), error.json());
    }

    /** {@code /processes/web%3A1/start} to its decoded segments; the path is already decoded by Jetty. */
    static List<String> segments(String rest) {
        List<String> out = new ArrayList<>();
        for (String s : rest.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    private static byte[] resource(String name) {
        try (InputStream in = RestApi.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
