package io.jsupervisor.rpcinterface.http;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A page or stream served by the daemon's HTTP servers ({@code [unix_http_server]} and
 * {@code [inet_http_server]}) behind their Basic authentication: the web UI's status page,
 * {@code /tail.html}, {@code /logtail/...}, {@code /mainlogtail}. Register it as an OSGi service
 * (a Declarative Services component) with the service property {@value #PATH_PROPERTY}: the
 * path prefix it answers ({@code /logtail}, or {@code /} for everything not claimed otherwise).
 * The longest matching prefix wins; {@code /RPC2} always belongs to XML-RPC. Endpoints come and
 * go with their bundles while the servers run.
 *
 * <p>The request has already passed authentication when {@link #handle} is called. The contract
 * is Jetty 12's {@code Request.Handler}: return true and complete {@code callback} (at once or
 * later, from any thread) once the response is written, or return false to let the server answer
 * 404. Never block for long: streams such as {@code tail -f} should write asynchronously.
 */
@FunctionalInterface
public interface HttpEndpoint {
    /** The service property holding the path prefix, e.g. {@code /logtail}. */
    String PATH_PROPERTY = "jsupervisor.http.path";

    boolean handle(Request request, Response response, Callback callback) throws Exception;
}
