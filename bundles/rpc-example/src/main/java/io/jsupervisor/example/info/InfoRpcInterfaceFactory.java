package io.jsupervisor.example.info;

import io.jsupervisor.api.process.ProcessInfo;
import io.jsupervisor.api.process.ProcessManager;
import io.jsupervisor.api.rpc.RpcFault;
import io.jsupervisor.api.rpc.RpcInterfaceFactory;
import io.jsupervisor.api.rpc.RpcMethod;
import io.jsupervisor.api.rpc.RpcNamespace;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.osgi.service.component.annotations.Component;

/**
 * An example {@code [rpcinterface:x]} plugin. With
 *
 * <pre>
 * [rpcinterface:jsupervisor_info]
 * supervisor.rpcinterface_factory = jsupervisor.example.info:make_info_rpcinterface
 * </pre>
 *
 * the daemon serves {@code jsupervisor_info.getUptime}, {@code getGroupNames} and
 * {@code getStateCounts} as soon as this bundle is in {@code deploy/}. The optional key
 * {@code group_prefix} limits {@code getGroupNames} to groups starting with it.
 */
@Component(property = RpcInterfaceFactory.FACTORY_PROPERTY + "=" + InfoRpcInterfaceFactory.FACTORY)
public final class InfoRpcInterfaceFactory implements RpcInterfaceFactory {
    public static final String FACTORY = "jsupervisor.example.info:make_info_rpcinterface";

    @Override
    public RpcNamespace create(ProcessManager manager, Map<String, String> options) {
        for (String key : options.keySet()) {
            if (!key.equals("group_prefix")) {
                // what Python says for make_x(supervisord, **options) with an unknown keyword
                throw new IllegalArgumentException(
                        "make_info_rpcinterface() got an unexpected keyword argument '" + key + "'");
            }
        }
        String prefix = options.getOrDefault("group_prefix", "");
        return () -> List.of(
                new RpcMethod("getUptime", List.of(List.of("int")),
                        "Return how many seconds the daemon has been running\n\n"
                                + "@return int result  Seconds since supervisord started",
                        params -> {
                            noParams(params);
                            Instant started = ProcessHandle.current().info().startInstant().orElse(Instant.now());
                            long s = Duration.between(started, Instant.now()).toSeconds();
                            return CompletableFuture.completedFuture((int) Math.min(s, Integer.MAX_VALUE));
                        }),
                new RpcMethod("getGroupNames", List.of(List.of("array")),
                        "Return the names of the running process groups, in start order\n\n"
                                + "@return array result  An array of group names (strings)",
                        params -> {
                            noParams(params);
                            List<Object> names = new ArrayList<>();
                            manager.activeGroups().stream().map(g -> g.name()).filter(n -> n.startsWith(prefix))
                                    .forEach(names::add);
                            return CompletableFuture.completedFuture(names);
                        }),
                new RpcMethod("getStateCounts", List.of(List.of("struct")),
                        "Return how many processes are in each state\n\n"
                                + "@return struct result  State name (RUNNING, STOPPED...) to count",
                        params -> {
                            noParams(params);
                            Map<String, Object> counts = new TreeMap<>();
                            for (ProcessInfo p : manager.allProcessInfo()) {
                                counts.merge(p.state().name(), 1, (a, b) -> (Integer) a + (Integer) b);
                            }
                            return CompletableFuture.completedFuture(counts);
                        }));
    }

    private static void noParams(List<Object> params) {
        if (!params.isEmpty()) {
            throw new RpcFault(2, "INCORRECT_PARAMETERS");
        }
    }
}
