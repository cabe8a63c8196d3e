package io.jsupervisor.core.internal.config;

import io.jsupervisor.api.config.ConfigException;
import io.jsupervisor.api.config.SupervisorConfig;
import java.nio.file.Path;
import java.util.Map;

/** Reads a supervisord.conf (and its includes) the way Supervisor 4.2.5 does. */
public final class ConfigReader {
    private final ConfigEnvironment environment;

    public ConfigReader(ConfigEnvironment environment) {
        this.environment = environment;
    }

    /**
     * @param configFile the main config file
     * @param overrides [supervisord] options from the command line, by option name, raw values
     */
    public SupervisorConfig read(Path configFile, Map<String, String> overrides) throws ConfigException {
        throw new ConfigException("config reader under construction"); // replaced by the reader
    }
}
