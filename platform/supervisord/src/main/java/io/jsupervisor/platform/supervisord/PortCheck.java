package io.jsupervisor.platform.supervisord;

import io.jsupervisor.api.config.HttpServerConfig;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Refuses to start when another program listens where our HTTP servers are configured. */
final class PortCheck {
    static final String IN_USE = "Another program is already listening on a port that one of our HTTP servers "
            + "is configured to use.  Shut this program down first before starting supervisord.";

    private PortCheck() {}

    /** @return null when every configured address is free, else the reference's message */
    static String check(List<HttpServerConfig> servers) {
        for (HttpServerConfig s : servers) {
            if (s instanceof HttpServerConfig.Unix u) {
                if (unixInUse(Path.of(u.file()))) {
                    return IN_USE;
                }
            } else if (s instanceof HttpServerConfig.Inet i) {
                String msg = inetProblem(i.host(), i.port());
                if (msg != null) {
                    return msg;
                }
            }
        }
        return null;
    }

    static boolean unixInUse(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return true; // something accepted: the reference refuses
        } catch (IOException | UnsupportedOperationException e) {
            return false; // stale socket file: the HTTP server unlinks it
        }
    }

    static String inetProblem(String host, int port) {
        try (ServerSocket ss = new ServerSocket()) {
            ss.setReuseAddress(true); // as medusa does: TIME_WAIT does not count as in use
            ss.bind(host == null || host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port));
            return null;
        } catch (BindException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("in use")) {
                return IN_USE;
            }
            return "Cannot open an HTTP server: socket.error reported " + m;
        } catch (IOException e) {
            return "Cannot open an HTTP server: socket.error reported " + e.getMessage();
        }
    }
}
