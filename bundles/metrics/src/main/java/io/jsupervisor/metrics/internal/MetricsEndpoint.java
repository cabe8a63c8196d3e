package io.jsupervisor.metrics.internal;

import io.jsupervisor.api.process.ProcessManager;
import io.jsupervisor.rpcinterface.http.HttpEndpoint;
import io.jsupervisor.rpcinterface.http.RpcCallStatistics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code /metrics} on the daemon's HTTP servers, behind their authentication: the Prometheus
 * text format, or OpenMetrics when the scraper's {@code Accept} asks for it. Each scrape asks the
 * engine once for every process's info; everything else comes from counters and {@code /proc}.
 */
@Component(service = HttpEndpoint.class, property = HttpEndpoint.PATH_PROPERTY + "=/metrics")
public final class MetricsEndpoint implements HttpEndpoint {
    private final ProcessManager manager;
    private final EventTally tally;
    private final RpcCallStatistics rpcCalls;

    @Activate
    public MetricsEndpoint(@Reference ProcessManager manager, @Reference EventTally tally,
            @Reference RpcCallStatistics rpcCalls) {
        this.manager = manager;
        this.tally = tally;
        this.rpcCalls = rpcCalls;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!"/metrics".equals(Request.getPathInContext(request))) {
            return false;
        }
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            response.setStatus(405);
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            response.write(true, ByteBuffer.allocate(0), callback);
            return true;
        }
        Exposition.Format format = Exposition.Format.forAccept(request.getHeaders().get(HttpHeader.ACCEPT));
        String body = Scrape.render(format, manager.allProcessInfo(), manager.state(), manager.pid(), tally,
                manager.statistics(), rpcCalls.snapshot());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, format.contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, "HEAD".equals(method) ? ByteBuffer.allocate(0) : ByteBuffer.wrap(bytes), callback);
        return true;
    }
}
