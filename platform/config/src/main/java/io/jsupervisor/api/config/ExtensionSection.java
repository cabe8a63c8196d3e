package io.jsupervisor.api.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A config section of jsupervisor's own, named {@code [jsupervisor.<kind>:<name>]} (for example
 * {@code [jsupervisor.listener:die-on-fatal]}), for bundles to configure themselves from the
 * daemon's config file. The reference ignores such sections, so a config using them still works
 * there. Values are expanded like the reference's own options ({@code %(here)s},
 * {@code %(ENV_X)s}).
 *
 * @param section the whole section name, e.g. {@code jsupervisor.listener:die-on-fatal}
 * @param options the section's options in file order
 */
public record ExtensionSection(String section, Map<String, String> options) {
    public ExtensionSection {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** {@code listener} for {@code jsupervisor.listener:x}. */
    public String kind() {
        String rest = section.substring(section.indexOf('.') + 1);
        int colon = rest.indexOf(':');
        return colon < 0 ? rest : rest.substring(0, colon);
    }

    /** {@code x} for {@code jsupervisor.listener:x}, or "" when the section has no name part. */
    public String name() {
        int colon = section.indexOf(':');
        return colon < 0 ? "" : section.substring(colon + 1);
    }

    public String option(String key, String dflt) {
        return options.getOrDefault(key, dflt);
    }
}
