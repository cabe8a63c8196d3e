package io.jsupervisor.rpcinterface.internal.logtail;

import io.jsupervisor.api.process.ProcessManager;
import io.jsupervisor.rpcinterface.http.HttpEndpoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code GET /mainlogtail}: the activity log followed as it grows ({@code maintail -f}). */
@Component(service = HttpEndpoint.class, property = HttpEndpoint.PATH_PROPERTY + "=/mainlogtail")
public final class MainLogTailEndpoint implements HttpEndpoint {
    private final ProcessManager manager;

    @Activate
    public MainLogTailEndpoint(@Reference ProcessManager manager) {
        this.manager = manager;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!"GET".equals(request.getMethod())) {
            Response.writeError(request, response, callback, 400);
            return true;
        }
        return LogTailEndpoint.stream(request, response, callback, manager.mainLogfile());
    }
}
