package io.jsupervisor.api.config;

/** [unix_http_server] or [inet_http_server]. Passwords are as written ({@code {SHA}hex} or plain). */
public sealed interface HttpServerConfig permits HttpServerConfig.Unix, HttpServerConfig.Inet {
    String section();

    String username();

    String password();

    /**
     * @param file absolute, normalised socket path
     * @param chmod mode as an int (0700 is 448)
     * @param chown {@code user} or {@code user:group} as written, or null
     */
    record Unix(String section, String file, int chmod, String chown, String username, String password)
            implements HttpServerConfig {}

    /** @param host empty string for all interfaces ({@code *:9001} and {@code :9001}) */
    record Inet(String section, String host, int port, String username, String password)
            implements HttpServerConfig {}
}
