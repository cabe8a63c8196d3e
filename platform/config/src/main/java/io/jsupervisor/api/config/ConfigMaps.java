package io.jsupervisor.api.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Immutable copies that keep the order of the config file (Map.copyOf would lose it). */
final class ConfigMaps {
    private ConfigMaps() {}

    static <K, V> Map<K, V> orderedCopy(Map<K, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
