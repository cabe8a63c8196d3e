package io.jsupervisor.config;

import static io.jsupervisor.config.ReadContext.or;

import io.jsupervisor.api.config.HttpServerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The [unix_http_server] and [inet_http_server] sections. ([supervisorctl] is supervisorctl's
 * own: the daemon never reads it, as the reference's does not.)
 */
final class ServerSections {
    private final ReadContext ctx;
    private final MachineLookups machine;

    ServerSections(ReadContext ctx) {
        this.ctx = ctx;
        this.machine = ctx.machine();
    }

    /** The HTTP servers, the Unix ones first (the reference's order). */
    List<HttpServerConfig> httpServers() {
        List<HttpServerConfig> inet = new ArrayList<>();
        for (String section : ctx.parser().sections()) {
            if (section.startsWith("inet_http_server")) {
                inet.add(inetServer(section));
            }
        }
        List<HttpServerConfig> all = new ArrayList<>();
        for (String section : ctx.parser().sections()) {
            if (section.startsWith("unix_http_server")) {
                all.add(unixServer(section));
            }
        }
        all.addAll(inet);
        return all;
    }

    private HttpServerConfig inetServer(String section) {
        Credentials auth = credentials(section);
        String port = ctx.saneget(section, "port", Map.of(), true);
        if (port == null) {
            throw new PyValueError("section [" + section + "] has no port value");
        }
        Object[] hp;
        try {
            hp = Datatypes.inetAddress(port);
        } catch (PyValueError e) {
            throw new PyValueError(e.getMessage() + " for option 'port'" + ctx.where(section));
        }
        return new HttpServerConfig.Inet(section, (String) hp[0], (Integer) hp[1], auth.username(), auth.password(),
                auth.tokens());
    }

    private HttpServerConfig unixServer(String section) {
        String file = ctx.hereExpanded(section, "file");
        if (file == null) {
            throw new PyValueError("section [" + section + "] has no file value");
        }
        file = machine.normalizePath(Py.strip(file));
        Credentials auth = credentials(section);
        String chown = ctx.saneget(section, "chown", Map.of(), true);
        if (chown != null && !machine.userGroupValid(chown)) {
            throw new PyValueError("Invalid sockchown value " + chown + ctx.where(section));
        }
        String chmodRaw = ctx.saneget(section, "chmod", Map.of(), true);
        int chmod = 0700;
        if (chmodRaw != null) {
            try {
                chmod = Datatypes.octal(chmodRaw);
            } catch (PyValueError e) {
                throw new PyValueError("Invalid chmod value " + chmodRaw + ctx.where(section));
            }
        }
        return new HttpServerConfig.Unix(section, file, chmod, chown, auth.username(), auth.password(), auth.tokens());
    }

    /** A server section's username= and password= (both or neither), and jsupervisor's tokens=. */
    private record Credentials(String username, String password, List<String> tokens) {}

    private Credentials credentials(String section) {
        String username = ctx.saneget(section, "username", Map.of(), true);
        String password = ctx.saneget(section, "password", Map.of(), true);
        if ((username == null) != (password == null)) {
            throw new PyValueError("Section [" + section + "] contains incomplete authentication: "
                    + "If a username or a password is specified, both the "
                    + "username and password must be specified" + ctx.inFile(section));
        }
        String tokens = ctx.saneget(section, "tokens", Map.of(), true);
        return new Credentials(username, password, tokens == null ? List.of() : tokens(tokens, section));
    }

    /** {@code tokens=}: separated by commas and/or whitespace; a hashed one must be a whole hex digest. */
    private List<String> tokens(String value, String section) {
        List<String> out = new ArrayList<>();
        for (String token : value.split("[,\\s]+")) {
            if (token.isEmpty()) {
                continue;
            }
            String hex = token.startsWith("{SHA}") ? token.substring(5)
                    : token.startsWith("{SHA256}") ? token.substring(8) : null;
            int length = token.startsWith("{SHA}") ? 40 : 64;
            if (hex != null && (hex.length() != length || !hex.matches("[0-9a-fA-F]+"))) {
                throw new PyValueError("invalid token " + Py.repr(token.substring(0, token.indexOf('}') + 1) + "...")
                        + " (a hashed token is {SHA} and 40 hex digits or {SHA256} and 64)"
                        + " for option 'tokens'" + ctx.where(section));
            }
            out.add(token);
        }
        return List.copyOf(out);
    }

    /** The URL supervisorctl reaches the daemon at by default: the first Unix server, else the last inet one. */
    static String serverUrl(List<HttpServerConfig> servers) {
        for (HttpServerConfig s : servers) {
            if (s instanceof HttpServerConfig.Unix u) {
                return "unix://" + u.file();
            }
        }
        String serverUrl = null;
        for (HttpServerConfig s : servers) {
            if (s instanceof HttpServerConfig.Inet i) {
                serverUrl = "http://" + (i.host().isEmpty() ? "localhost" : i.host()) + ":" + i.port();
            }
        }
        return serverUrl;
    }
}
