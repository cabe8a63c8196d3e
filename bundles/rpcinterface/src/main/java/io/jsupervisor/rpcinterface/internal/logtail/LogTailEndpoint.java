package io.jsupervisor.rpcinterface.internal.logtail;

import io.jsupervisor.api.process.ProcessInfo;
import io.jsupervisor.api.process.ProcessManager;
import io.jsupervisor.api.process.SupervisorException;
import io.jsupervisor.rpcinterface.http.HttpEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.URIUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code GET /logtail/<name>[/stdout|/stderr]}: a process's log followed as it grows, what
 * {@code supervisorctl tail -f} and {@code fg} read. Answers as the reference's logtail handler:
 * 400 for another method, 404 for an unknown process or a log that does not exist (yet).
 */
@Component(service = HttpEndpoint.class, property = HttpEndpoint.PATH_PROPERTY + "=/logtail")
public final class LogTailEndpoint implements HttpEndpoint {
    private final ProcessManager manager;

    @Activate
    public LogTailEndpoint(@Reference ProcessManager manager) {
        this.manager = manager;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!"GET".equals(request.getMethod())) {
            Response.writeError(request, response, callback, 400);
            return true;
        }
        String path = URIUtil.decodePath(Request.getPathInContext(request));
        String rest = path.replaceFirst("^/+logtail/*", "");
        String name = rest;
        String channel = "stdout";
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            name = rest.substring(0, slash);
            channel = rest.substring(slash + 1);
        }
        String logfile;
        try {
            ProcessInfo info = manager.processInfo(name);
            logfile = channel.equals("stdout") ? info.stdoutLogfile()
                    : channel.equals("stderr") ? info.stderrLogfile() : "";
        } catch (SupervisorException e) {
            logfile = "";
        }
        return stream(request, response, callback, logfile);
    }

    /** Streams {@code logfile} (its last KiB, then what is appended), or answers 404. */
    static boolean stream(Request request, Response response, Callback callback, String logfile) {
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
