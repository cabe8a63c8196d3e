package io.jsupervisor.core.internal.daemon;

import io.jsupervisor.api.config.HttpServerConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;

/**
 * Waits, bounded, until every configured HTTP server accepts connections. The servers belong to
 * the rpcinterface bundle, which opens them when the ProcessManager service appears; when that
 * bundle is absent the wait simply runs out.
 */
final class ServersReady {
    private ServersReady() {}

    static void await(List<HttpServerConfig> servers, long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        for (HttpServerConfig server : servers) {
            while (!accepts(server)) {
                if (System.nanoTime() > end) {
                    return;
                }
                Thread.sleep(10);
            }
        }
    }

    private static boolean accepts(HttpServerConfig server) {
        if (server instanceof HttpServerConfig.Unix unix) {
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(Path.of(unix.file())));
                return true;
            } catch (IOException e) {
                return false;
            }
        }
        HttpServerConfig.Inet inet = (HttpServerConfig.Inet) server;
        String host = inet.host().isEmpty() || inet.host().equals("*") ? "127.0.0.1" : inet.host();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, inet.port()), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
