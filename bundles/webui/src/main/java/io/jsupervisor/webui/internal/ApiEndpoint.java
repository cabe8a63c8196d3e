package io.jsupervisor.webui.internal;

import io.jsupervisor.api.event.Event;
import io.jsupervisor.api.event.EventListener;
import io.jsupervisor.api.process.ProcessInfo;
import io.jsupervisor.api.process.ProcessManager;
import io.jsupervisor.api.process.SupervisorException;
import io.jsupervisor.pycompat.json.Json;
import io.jsupervisor.rpcinterface.http.HttpEndpoint;
import io.jsupervisor.rpcinterface.http.LogReader;
import io.jsupervisor.rpcinterface.http.SameOrigin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.FormFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The pages' live data, behind the same authentication as everything else:
 * <ul>
 * <li>{@code GET /api/status}: the {@link Snapshot} as JSON;
 * <li>{@code GET /api/events}: server-sent {@code status} events whenever it changes ({@link EventHub});
 * <li>{@code POST /api/action} (form fields {@code action}, {@code processname}, {@code token}, or
 *     the token in {@code X-CSRF-Token}): runs an action, answers {@code {"ok":..,"message":..}};
 * <li>{@code GET /api/log?processname=x&channel=stdout|stderr&offset=n}: the log from byte
 *     {@code n} on ({@code offset=-1}: its last bytes), with the offset to ask for next.
 * </ul>
 */
@Component(service = {HttpEndpoint.class, EventListener.class}, property = {
        HttpEndpoint.PATH_PROPERTY + "=/api",
        EventListener.TYPES_PROPERTY + "=PROCESS_STATE,PROCESS_GROUP"})
public final class ApiEndpoint implements HttpEndpoint, EventListener {
    static final int LOG_CHUNK = 64 * 1024;

    private final ProcessManager manager;
    private final Actions actions;
    private final EventHub hub;

    @Activate
    public ApiEndpoint(@Reference ProcessManager manager) {
        this.manager = manager;
        this.actions = new Actions(manager);
        this.hub = new EventHub(manager);
    }

    @Deactivate
    void deactivate() {
        hub.close();
    }

    /** The core's process events drive the live streams. */
    @Override
    public void onEvent(Event event) {
        hub.changed();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Web.path(request);
        String method = request.getMethod();
        switch (path) {
            case "/api/status":
                if (!"GET".equals(method)) {
                    return methodNotAllowed(response, callback, "GET");
                }
                return Web.json(response, callback, 200, Snapshot.of(manager).json());
            case "/api/events":
                if (!"GET".equals(method)) {
                    return methodNotAllowed(response, callback, "GET");
                }
                response.setStatus(200);
                Web.headers(response, "text/event-stream;charset=utf-8");
                response.getHeaders().put("X-Accel-Buffering", "no");
                hub.subscribe(response, callback);
                return true;
            case "/api/action":
                if (!"POST".equals(method)) {
                    return methodNotAllowed(response, callback, "POST");
                }
                action(request, response, callback);
                return true;
            case "/api/log":
                if (!"GET".equals(method)) {
                    return methodNotAllowed(response, callback, "GET");
                }
                return log(request, response, callback);
            default:
                return false;
        }
    }

    private static boolean methodNotAllowed(Response response, Callback callback, String allow) {
        response.getHeaders().put(HttpHeader.ALLOW, allow);
        return Web.json(response, callback, 405, "{\"ok\":false,\"message\":\"method not allowed\"}");
    }

    private void action(Request request, Response response, Callback callback) {
        // onFields with a declared invocation type: Jetty 12.1 refuses an untyped callback on a
        // form that has not fully arrived yet ("Bad invocation type when not completed")
        FormFields.onFields(request, StandardCharsets.UTF_8, 100, 64 * 1024,
                Promise.Invocable.from(InvocationType.BLOCKING, (Fields form, Throwable failure) -> {
            Fields fields = failure == null ? form : new Fields();
            String token = request.getHeaders().get("X-CSRF-Token");
            if (token == null) {
                token = Web.value(fields, "token");
            }
            if (!Csrf.valid(request, token) || !SameOrigin.check(request)) {
                Web.json(response, callback, 403, "{\"ok\":false,\"message\":"
                        + Json.write("ERROR: missing or stale form token; reload the page and try again") + "}");
                return;
            }
            String action = Web.value(fields, "action");
            String name = Web.value(fields, "processname");
            actions.run(action, name).whenComplete((outcome, t) -> {
                hub.poke();
                if (t != null) {
                    outcome = new Actions.Outcome(false, "ERROR: " + t);
                }
                Web.json(response, callback, 200, "{\"ok\":" + outcome.ok() + ",\"message\":"
                        + Json.write(outcome.message()) + "}");
            });
        }));
    }

    private boolean log(Request request, Response response, Callback callback) {
        Fields q = Web.query(request);
        String name = Web.value(q, "processname");
        String channel = Web.value(q, "channel");
        long offset;
        try {
            offset = Long.parseLong(Web.value(q, "offset") == null ? "-1" : Web.value(q, "offset"));
        } catch (NumberFormatException e) {
            offset = -1;
        }
        String file;
        if ("1".equals(Web.value(q, "main"))) {
            name = "the activity log";
            file = manager.mainLogfile();
        } else try {
            ProcessInfo info = manager.processInfo(name == null ? "" : name);
            file = "stderr".equals(channel) ? info.stderrLogfile() : info.stdoutLogfile();
        } catch (SupervisorException e) {
            return Web.json(response, callback, 404, "{\"error\":" + Json.write(e.getMessage()) + "}");
        }
        if (file == null || file.isEmpty() || !Files.isRegularFile(Path.of(file))) {
            return Web.json(response, callback, 200, "{\"offset\":0,\"size\":0,\"text\":\"\",\"reset\":false,"
                    + "\"error\":" + Json.write("No file for " + name) + "}");
        }
        try {
            LogReader.Slice s = LogReader.read(Path.of(file), offset, LOG_CHUNK);
            return Web.json(response, callback, 200, "{\"offset\":" + s.next() + ",\"size\":" + s.size()
                    + ",\"reset\":" + s.reset() + ",\"text\":" + Json.write(s.text()) + "}");
        } catch (IOException e) {
            return Web.json(response, callback, 200, "{\"offset\":0,\"size\":0,\"text\":\"\",\"reset\":false,"
                    + "\"error\":" + Json.write(String.valueOf(e)) + "}");
        }
    }
}
