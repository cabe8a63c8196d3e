package io.jsupervisor.rpcinterface.internal.logtail;

import io.jsupervisor.api.process.ProcessManager;
import io.jsupervisor.rpcinterface.http.HttpEndpoint;
import org.eclipse.jetty.server.Request;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code GET /mainlogtail}: the activity log followed as it grows ({@code maintail -f}). */
@Component(service = HttpEndpoint.class, property = HttpEndpoint.PATH_PROPERTY + "=/mainlogtail")
public final class MainLogTailEndpoint extends LogFollowEndpoint {
    @Activate
    public MainLogTailEndpoint(@Reference ProcessManager manager) {
        super(manager);
    }

    @Override
    String logfile(Request request) {
        return manager.mainLogfile();
    }
}
