package io.jsupervisor.rpcinterface.internal.logtail;

import io.jsupervisor.api.process.ProcessManager;
import io.jsupervisor.rpcinterface.http.HttpEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A log followed as it grows over HTTP, as the reference's tail handlers answer: 400 for a method
 * other than GET, 404 for a log that is not named or does not exist (yet), else its last KiB and
 * then what is appended. Subclasses say which log a request names.
 */
abstract class LogFollowEndpoint implements HttpEndpoint {
    final ProcessManager manager;

    LogFollowEndpoint(ProcessManager manager) {
        this.manager = manager;
    }

    /** The log file the request names; null or empty when it names none. */
    abstract String logfile(Request request);

    @Override
    public final boolean handle(Request request, Response response, Callback callback) {
        if (!"GET".equals(request.getMethod())) {
            Response.writeError(request, response, callback, 400);
            return true;
        }
        String logfile = logfile(request);
        if (logfile == null || logfile.isEmpty() || !Files.exists(Path.of(logfile))) {
            Response.writeError(request, response, callback, 404);
            return true;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
        response.getHeaders().put("X-Accel-Buffering", "no");
        // raw child output: a browser must not guess it is HTML or script
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        TailStream.start(Path.of(logfile), 1024, response, callback);
        return true;
    }
}
