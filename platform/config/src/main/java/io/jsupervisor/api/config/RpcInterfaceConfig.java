package io.jsupervisor.api.config;

import java.util.Map;

/**
 * An [rpcinterface:x] section.
 *
 * @param name x
 * @param factory the value of {@code supervisor.rpcinterface_factory}
 * @param options every other key of the section, in file order
 */
public record RpcInterfaceConfig(String name, String factory, Map<String, String> options) {
    public RpcInterfaceConfig {
        options = ConfigMaps.orderedCopy(options);
    }
}
