package io.jsupervisor.rpcinterface.internal;

import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Basic authentication (and jsupervisor's bearer tokens) in front of everything a server serves: it wraps the whole handler tree,
 * so every path (XML-RPC, log tails, web UI, 404s) is checked before anything else sees the
 * request. Credentials are per connector; a connector without any lets every request through.
 */
final class Authentication extends Handler.Wrapper {
    private final Map<Connector, BasicAuth> auth;

    Authentication(Map<Connector, BasicAuth> auth, Handler handler) {
        super(handler);
        this.auth = auth;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        BasicAuth a = auth.get(request.getConnectionMetaData().getConnector());
        if (a != null) {
            switch (a.check(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
                case OK -> { }
                case MALFORMED -> {
                    System.err.println("malformed authorization info <"
                            + request.getHeaders().get(HttpHeader.AUTHORIZATION) + ">");
                    RootHandler.error(response, callback, 400, "Bad Request");
                    return true;
                }
                default -> {
                    response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, a.challenge());
                    response.getHeaders().put(HttpHeader.CONNECTION, "close");
                    RootHandler.error(response, callback, 401, "Unauthorized");
                    return true;
                }
            }
        }
        return super.handle(request, response, callback);
    }
}
