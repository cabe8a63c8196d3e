package io.jsupervisor.webui.internal;

import io.jsupervisor.rpcinterface.http.HttpEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.osgi.service.component.annotations.Component;

/** {@code /ui/<file>}: the pages' stylesheet and scripts, from the bundle (nothing from elsewhere). */
@Component(service = HttpEndpoint.class, property = HttpEndpoint.PATH_PROPERTY + "=/ui")
public final class Assets implements HttpEndpoint {
    private static final Map<String, String> TYPES = Map.of(
            "style.css", "text/css;charset=utf-8",
            "api.js", "text/javascript;charset=utf-8",
            "status.js", "text/javascript;charset=utf-8",
            "tail.js", "text/javascript;charset=utf-8");
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws IOException {
        String name = Web.path(request).substring("/ui/".length() - 1).replaceFirst("^/", "");
        String type = TYPES.get(name);
        if (type == null) {
            return false;
        }
        byte[] body = cache.get(name);
        if (body == null) {
            try (InputStream in = Assets.class.getResourceAsStream("/io/jsupervisor/webui/assets/" + name)) {
                if (in == null) {
                    return false;
                }
                body = in.readAllBytes();
            }
            cache.put(name, body);
        }
        response.setStatus(200);
        Web.headers(response, type);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }
}
