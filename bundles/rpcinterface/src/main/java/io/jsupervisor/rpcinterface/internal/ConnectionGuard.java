package io.jsupervisor.rpcinterface.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;

/**
 * Keeps idle or slow clients from taking the daemon's file descriptors. Every socket is a
 * descriptor, and the daemon needs descriptors for its children's pipes and logs too: 1,021 idle
 * connections against 1,024 descriptors left a legitimate client waiting forever. So
 *
 * <ul>
 *   <li>at most {@link #maxConnections()} connections are open at once, half of the descriptors
 *       free when the servers start (further clients wait in the listen backlog);
 *   <li>a new connection must send a complete request within {@link #FIRST_REQUEST_MS}, and may
 *       not idle more than {@link #FIRST_IDLE_MS} before it does (slowloris);
 *   <li>once a request of it has been authenticated, its idle timeout is {@link #KEPT_IDLE_MS}:
 *       the reference never times connections out, its supervisorctl shell keeps one without
 *       retrying a closed one, and {@code tail -f} streams may be quiet for hours.
 * </ul>
 */
final class ConnectionGuard implements Connection.Listener {
    /** Idle timeout of a connection that has sent no complete request yet. */
    static final long FIRST_IDLE_MS = Long.getLong("jsupervisor.http.firstIdleMillis", 10_000);
    /** Time a connection has to send its first complete request, however slowly it trickles. */
    static final long FIRST_REQUEST_MS = Long.getLong("jsupervisor.http.firstRequestMillis", 30_000);
    /** Idle timeout once a request has been authenticated. */
    static final long KEPT_IDLE_MS = TimeUnit.HOURS.toMillis(24);
    /** Descriptors left for everything else when the limit is derived. */
    private static final int MIN_CONNECTIONS = 16;

    private final AbstractConnector connector;

    private ConnectionGuard(AbstractConnector connector) {
        this.connector = connector;
    }

    /** Gives the connector its first-request timeouts; call before it starts. */
    static void guard(AbstractConnector connector) {
        connector.setIdleTimeout(FIRST_IDLE_MS);
        connector.addBean(new ConnectionGuard(connector));
    }

    /** Limits the connections of all of the server's connectors together; call before it starts. */
    static NetworkConnectionLimit limit(Server server) {
        NetworkConnectionLimit limit = new NetworkConnectionLimit(maxConnections(), server);
        limit.setEndPointIdleTimeout(0); // leave the idle timeouts of open connections alone
        server.addBean(limit);
        return limit;
    }

    /**
     * {@code -Djsupervisor.http.maxConnections}, else half of the descriptors not yet open (the
     * soft RLIMIT_NOFILE, which the launcher does not raise), at least 16.
     */
    static int maxConnections() {
        Integer configured = Integer.getInteger("jsupervisor.http.maxConnections");
        if (configured != null && configured > 0) {
            return configured;
        }
        // /proc rather than com.sun.management, which the OSGi framework does not export
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            long open = fds.count();
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    long max = soft.equals("unlimited") ? 1 << 20 : Long.parseLong(soft);
                    return (int) Math.max(MIN_CONNECTIONS, Math.min(1 << 20, (max - open) / 2));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: a fixed limit below the usual 1,024 descriptors
        }
        return 400;
    }

    /** The request's connection has proved itself: it may now stay open as long as clients like. */
    static void keep(Request request) {
        EndPoint ep = request.getConnectionMetaData().getConnection().getEndPoint();
        if (ep.getIdleTimeout() < KEPT_IDLE_MS) {
            ep.setIdleTimeout(KEPT_IDLE_MS);
        }
    }

    @Override
    public void onOpened(Connection connection) {
        EndPoint ep = connection.getEndPoint();
        connector.getScheduler().schedule(() -> {
            // still on the first-request timeout: no authenticated request arrived in time
            if (ep.isOpen() && ep.getIdleTimeout() < KEPT_IDLE_MS) {
                ep.close();
            }
        }, FIRST_REQUEST_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onClosed(Connection connection) {}
}
