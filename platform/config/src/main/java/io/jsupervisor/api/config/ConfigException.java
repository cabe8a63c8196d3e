package io.jsupervisor.api.config;

/**
 * A config that cannot be used. The message is the reference's wording where it has one and
 * names the file, section and option involved; supervisord prints it as {@code Error: <message>}.
 */
public class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
