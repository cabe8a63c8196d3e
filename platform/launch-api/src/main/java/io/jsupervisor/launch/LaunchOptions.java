package io.jsupervisor.launch;

import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code supervisord} command line, parsed but not interpreted.
 *
 * @param configFile the config file found (from {@code -c} or the search order), absolute
 * @param overrides [supervisord] options given on the command line, keyed by the option's name
 *     in the config file ({@code logfile}, {@code nodaemon}, {@code loglevel}, ...) with the raw
 *     value as typed ({@code "true"} for flags); they win over the config file
 * @param executable the path {@code supervisord} was started as, for messages ({@code For help,
 *     use ... -h})
 */
public record LaunchOptions(Path configFile, Map<String, String> overrides, String executable) {
    public LaunchOptions {
        overrides = Map.copyOf(overrides);
    }
}
