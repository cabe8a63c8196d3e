package io.jsupervisor.api.config;

import java.util.List;

/**
 * [unix_http_server] or [inet_http_server]. Passwords are as written ({@code {SHA}hex} or plain).
 * {@link #tokens()} are jsupervisor's bearer tokens ({@code tokens=}; the reference has none and
 * ignores the option), as written: plain, {@code {SHA}} and the hex SHA-1 of the token, or
 * {@code {SHA256}} and its hex SHA-256.
 */
public sealed interface HttpServerConfig permits HttpServerConfig.Unix, HttpServerConfig.Inet {
    String section();

    String username();

    String password();

    /** The bearer tokens this server accepts besides the username and password; empty for none. */
    default List<String> tokens() {
        return List.of();
    }

    /** Whether a request must bring credentials (a password, or a token). */
    default boolean authenticates() {
        return username() != null || !tokens().isEmpty();
    }

    /**
     * @param file absolute, normalised socket path
     * @param chmod mode as an int (0700 is 448)
     * @param chown {@code user} or {@code user:group} as written, or null
     */
    record Unix(String section, String file, int chmod, String chown, String username, String password,
            List<String> tokens) implements HttpServerConfig {
        public Unix {
            tokens = tokens == null ? List.of() : List.copyOf(tokens);
        }

        /** As before 2.2: no bearer tokens. */
        public Unix(String section, String file, int chmod, String chown, String username, String password) {
            this(section, file, chmod, chown, username, password, List.of());
        }
    }

    /** @param host empty string for all interfaces ({@code *:9001} and {@code :9001}) */
    record Inet(String section, String host, int port, String username, String password, List<String> tokens)
            implements HttpServerConfig {
        public Inet {
            tokens = tokens == null ? List.of() : List.copyOf(tokens);
        }

        /** As before 2.2: no bearer tokens. */
        public Inet(String section, String host, int port, String username, String password) {
            this(section, host, port, username, password, List.of());
        }
    }
}
