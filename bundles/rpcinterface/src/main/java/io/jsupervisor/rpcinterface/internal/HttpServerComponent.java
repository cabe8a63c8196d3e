package io.jsupervisor.rpcinterface.internal;

import io.jsupervisor.api.config.HttpServerConfig;
import io.jsupervisor.api.config.SupervisorConfig;
import io.jsupervisor.api.log.DaemonLog;
import io.jsupervisor.api.process.ProcessManager;
import io.jsupervisor.api.rpc.RpcInterfaceFactory;
import io.jsupervisor.rpcinterface.http.HttpEndpoint;
import io.jsupervisor.rpcinterface.internal.supervisor.JsupervisorNamespace;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The daemon's HTTP servers, {@code [unix_http_server]} and {@code [inet_http_server]}, for as
 * long as the core's {@link ProcessManager} is registered: it comes with a config (and comes back
 * with a new one after a SIGHUP restart), so the servers start on activation and stop on
 * deactivation. RPC interface factories and HTTP endpoints are followed dynamically.
 */
@Component(name = "io.jsupervisor.rpcinterface.server", immediate = true)
public final class HttpServerComponent {
    /** Largest request body accepted on /RPC2. */
    static final int MAX_BODY = Integer.getInteger("jsupervisor.http.maxBody", 2 * 1024 * 1024);
    /** How long a missing factory may take to appear before it is reported. */
    static final long MISSING_GRACE_MS = 1000;

    @Reference
    private ProcessManager manager;

    @Reference
    private RpcCallCounter rpcCalls;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile DaemonLog daemonLog;

    private final ServerLog log = new ServerLog(() -> daemonLog);
    private final Namespaces namespaces = new Namespaces(log);
    private volatile Map<String, HttpEndpoint> endpoints = Map.of();
    private final Map<Object, String> endpointPaths = new LinkedHashMap<>();
    private final Map<Object, HttpEndpoint> endpointServices = new LinkedHashMap<>();
    private Server server;
    private final List<Path> socketFiles = new ArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + RpcInterfaceFactory.FACTORY_PROPERTY + "=*)")
    void addFactory(RpcInterfaceFactory factory, Map<String, Object> props) {
        namespaces.addFactory(props.get("service.id"), String.valueOf(props.get(RpcInterfaceFactory.FACTORY_PROPERTY)),
                factory);
    }

    void removeFactory(RpcInterfaceFactory factory, Map<String, Object> props) {
        namespaces.removeFactory(props.get("service.id"));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + HttpEndpoint.PATH_PROPERTY + "=*)")
    synchronized void addEndpoint(HttpEndpoint endpoint, Map<String, Object> props) {
        Object key = props.get("service.id");
        endpointPaths.put(key, String.valueOf(props.get(HttpEndpoint.PATH_PROPERTY)));
        endpointServices.put(key, endpoint);
        rebuildEndpoints();
    }

    synchronized void removeEndpoint(HttpEndpoint endpoint, Map<String, Object> props) {
        Object key = props.get("service.id");
        endpointPaths.remove(key);
        endpointServices.remove(key);
        rebuildEndpoints();
    }

    private void rebuildEndpoints() {
        Map<String, HttpEndpoint> m = new LinkedHashMap<>();
        // the newest registration for a path wins
        endpointServices.forEach((k, e) -> m.put(endpointPaths.get(k), e));
        endpoints = Collections.unmodifiableMap(m);
    }

    @Activate
    void activate() {
        SupervisorConfig config = manager.config();
        List<HttpServerConfig> servers = config.servers();
        if (servers.isEmpty()) {
            return; // as the reference: no server section, no server, no RPC interface
        }
        namespaces.start(manager, config.rpcInterfaces(), servers.size());
        for (HttpServerConfig s : servers) {
            if (!s.authenticates()) {
                log.critical("Server '" + s.section() + "' running without any HTTP authentication checking");
            }
        }
        CompletableFuture.delayedExecutor(MISSING_GRACE_MS, TimeUnit.MILLISECONDS).execute(this::reportMissing);
        try {
            start(servers);
        } catch (Exception e) {
            log.critical("Cannot open an HTTP server: " + e.getMessage());
            stop();
        }
    }

    private void reportMissing() {
        Map<String, Namespaces.Entry> now = namespaces.current();
        for (String name : namespaces.missing()) {
            Namespaces.Entry e = now.get(name);
            if (e != null) {
                log.error(e.problem() + "; its methods answer UNKNOWN_METHOD until a bundle providing it is "
                        + "deployed");
            }
        }
    }

    private synchronized void start(List<HttpServerConfig> servers) throws Exception {
        QueuedThreadPool pool = new QueuedThreadPool(16, 2, 60_000);
        pool.setName("jsupervisor-http");
        pool.setDaemon(true);
        pool.setReservedThreads(0);
        Server srv = new Server(pool);
        srv.setStopTimeout(2000);
        HttpConfiguration hc = new HttpConfiguration();
        hc.setSendServerVersion(false);
        hc.setSendDateHeader(true);
        Map<Connector, BasicAuth> auth = new IdentityHashMap<>();
        List<Runnable> afterStart = new ArrayList<>();
        for (HttpServerConfig s : servers) {
            Connector c;
            if (s instanceof HttpServerConfig.Unix u) {
                Path file = Path.of(u.file());
                if (UnixSocketFile.inUse(file)) {
                    throw new IllegalStateException("Another program is already listening on " + file);
                }
                UnixSocketFile.removeStale(file);
                Path temp = UnixSocketFile.temporary(file);
                Files.deleteIfExists(temp);
                UnixDomainServerConnector uc = new UnixDomainServerConnector(srv, 1, 1, new UnixHttpConnectionFactory(hc));
                uc.setUnixDomainPath(temp);
                ConnectionGuard.guard(uc);
                c = uc;
                afterStart.add(() -> {
                    try {
                        UnixSocketFile.publish(temp, file, u.chmod(), u.chown());
                        socketFiles.add(file);
                    } catch (Exception e) {
                        try {
                            Files.deleteIfExists(temp);
                        } catch (Exception ignored) {
                            // best effort
                        }
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                });
            } else {
                HttpServerConfig.Inet i = (HttpServerConfig.Inet) s;
                ServerConnector sc = new ServerConnector(srv, 1, 1, new HttpConnectionFactory(hc));
                sc.setHost(i.host() == null || i.host().isEmpty() ? null : i.host());
                sc.setPort(i.port());
                sc.setReuseAddress(true);
                ConnectionGuard.guard(sc);
                c = sc;
            }
            srv.addConnector(c);
            BasicAuth a = BasicAuth.of(s.username(), s.password(), s.tokens());
            if (a != null) {
                auth.put(c, a);
            }
        }
        ConnectionGuard.limit(srv);
        Dispatcher dispatcher = new Dispatcher(namespaces::current,
                Map.of(JsupervisorNamespace.NAME, new JsupervisorNamespace(manager)), rpcCalls);
        srv.setHandler(new Authentication(auth,
                new RootHandler(() -> endpoints, dispatcher, new XmlRpcCodec(), log, MAX_BODY, pool)));
        server = srv;
        srv.start();
        for (Runnable r : afterStart) {
            r.run();
        }
    }

    @Deactivate
    void deactivate() {
        stop();
        namespaces.stop();
    }

    private synchronized void stop() {
        Server srv = server;
        server = null;
        if (srv != null) {
            try {
                srv.stop();
            } catch (Exception e) {
                log.warn("stopping the HTTP servers: " + e.getMessage());
            }
        }
        for (Path f : socketFiles) {
            try {
                if (Files.exists(f, LinkOption.NOFOLLOW_LINKS) && !UnixSocketFile.inUse(f)) {
                    Files.deleteIfExists(f);
                }
            } catch (Exception e) {
                // best effort, as the reference's cleanup
            }
        }
        socketFiles.clear();
    }
}
