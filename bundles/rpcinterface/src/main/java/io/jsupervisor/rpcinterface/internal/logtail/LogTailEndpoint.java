package io.jsupervisor.rpcinterface.internal.logtail;

import io.jsupervisor.api.process.ProcessInfo;
import io.jsupervisor.api.process.ProcessManager;
import io.jsupervisor.api.process.SupervisorException;
import io.jsupervisor.rpcinterface.http.HttpEndpoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.URIUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code GET /logtail/<name>[/stdout|/stderr]}: a process's log followed as it grows, what
 * {@code supervisorctl tail -f} and {@code fg} read. An unknown process or channel is a 404.
 */
@Component(service = HttpEndpoint.class, property = HttpEndpoint.PATH_PROPERTY + "=/logtail")
public final class LogTailEndpoint extends LogFollowEndpoint {
    @Activate
    public LogTailEndpoint(@Reference ProcessManager manager) {
        super(manager);
    }

    @Override
    String logfile(Request request) {
        String path = URIUtil.decodePath(Request.getPathInContext(request));
        String rest = path.replaceFirst("^/+logtail/*", "");
        String name = rest;
        String channel = "stdout";
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            name = rest.substring(0, slash);
            channel = rest.substring(slash + 1);
        }
        try {
            ProcessInfo info = manager.processInfo(name);
            return channel.equals("stdout") ? info.stdoutLogfile()
                    : channel.equals("stderr") ? info.stderrLogfile() : "";
        } catch (SupervisorException e) {
            return "";
        }
    }
}
