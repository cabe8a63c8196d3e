package io.jsupervisor.config;

import io.jsupervisor.api.config.ExtensionSection;
import io.jsupervisor.api.config.RpcInterfaceConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The sections read for bundles: [rpcinterface:x] and [jsupervisor.*]. */
final class PluginSections {
    static final String DEFAULT_RPC_FACTORY_KEY = "supervisor.rpcinterface_factory";

    private final ReadContext ctx;

    PluginSections(ReadContext ctx) {
        this.ctx = ctx;
    }

    List<RpcInterfaceConfig> rpcInterfaces() {
        List<RpcInterfaceConfig> out = new ArrayList<>();
        for (String section : ctx.parser().sections()) {
            if (!section.startsWith("rpcinterface:")) {
                continue;
            }
            String name = section.substring(section.indexOf(':') + 1);
            String factory = ctx.saneget(section, DEFAULT_RPC_FACTORY_KEY, Map.of(), true);
            if (factory == null) {
                throw new PyValueError("section [" + section + "] does not specify a " + DEFAULT_RPC_FACTORY_KEY
                        + ctx.inFile(section));
            }
            Map<String, String> extras = new LinkedHashMap<>();
            for (String k : ctx.parser().options(section)) {
                if (!k.equals(DEFAULT_RPC_FACTORY_KEY)) {
                    extras.put(k, ctx.saneget(section, k, Map.of(), true));
                }
            }
            out.add(new RpcInterfaceConfig(name, factory, extras));
        }
        return out;
    }

    /** {@code [jsupervisor.*]} sections, expanded like the reference's options, for bundles. */
    List<ExtensionSection> extensions() {
        List<ExtensionSection> out = new ArrayList<>();
        for (String section : ctx.parser().sections()) {
            if (!section.startsWith("jsupervisor.")) {
                continue;
            }
            Map<String, String> options = new LinkedHashMap<>();
            for (String k : ctx.parser().options(section)) {
                String value;
                try {
                    value = ctx.saneget(section, k, Map.of("here", ctx.hereOf(section)), true);
                } catch (RuntimeException e) {
                    // the reference ignores these sections: a value it would not expand (a
                    // lone %) must not stop the daemon; the bundle gets it as written
                    value = ctx.saneget(section, k, Map.of(), false);
                    ctx.warnings().add("[" + section + "] " + k + ": kept as written, not expanded: " + e.getMessage());
                }
                options.put(k, value);
            }
            out.add(new ExtensionSection(section, options));
        }
        return out;
    }
}
