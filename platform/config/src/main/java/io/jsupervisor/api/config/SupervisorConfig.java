package io.jsupervisor.api.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything a config file (with its includes) says, after expansion and validation.
 *
 * @param source the main config file, absolute
 * @param supervisord the [supervisord] section (defaults filled in, command line applied)
 * @param servers [unix_http_server] and [inet_http_server], unix first, in that order
 * @param serverUrl the URL handed to children as SUPERVISOR_SERVER_URL by default (unix server
 *     first, else inet), or null when there is no server
 * @param groups process groups, sorted as the reference sorts them (priority, then name)
 * @param rpcInterfaces [rpcinterface:x] sections in file order
 * @param warnings parse warnings for the activity log, in order
 * @param infos parse infos for the activity log, in order
 */
public record SupervisorConfig(
        Path source,
        SupervisordSettings supervisord,
        List<HttpServerConfig> servers,
        String serverUrl,
        List<ProcessGroupConfig> groups,
        List<RpcInterfaceConfig> rpcInterfaces,
        List<String> warnings,
        List<String> infos,
        List<ExtensionSection> extensions) {

    public SupervisorConfig {
        extensions = List.copyOf(extensions);
        servers = List.copyOf(servers);
        groups = List.copyOf(groups);
        rpcInterfaces = List.copyOf(rpcInterfaces);
        warnings = List.copyOf(warnings);
        infos = List.copyOf(infos);
    }

    /** As before 1.1: without {@code [jsupervisor.*]} sections. */
    public SupervisorConfig(Path source, SupervisordSettings supervisord, List<HttpServerConfig> servers,
            String serverUrl, List<ProcessGroupConfig> groups,
            List<RpcInterfaceConfig> rpcInterfaces, List<String> warnings, List<String> infos) {
        this(source, supervisord, servers, serverUrl, groups, rpcInterfaces, warnings, infos, List.of());
    }

    /** The {@code [jsupervisor.<kind>:<name>]} sections of one kind, in file order. */
    public List<ExtensionSection> extensions(String kind) {
        return extensions.stream().filter(e -> e.kind().equals(kind)).toList();
    }

    /** The group called {@code name}, or null. */
    public ProcessGroupConfig group(String name) {
        for (ProcessGroupConfig g : groups) {
            if (g.name().equals(name)) {
                return g;
            }
        }
        return null;
    }
}
