package io.jsupervisor.api.config;

/**
 * A {@code ready_check}: how jsupervisor tells that a running process serves what it is for.
 * Each kind passes on one test: a TCP connection is accepted, an HTTP GET answers 2xx or 3xx,
 * a command exits 0, or a line of the process's output matches.
 */
public sealed interface ReadyCheck {
    /** The value as a config file writes it ({@code tcp:HOST:PORT}, {@code http://...}, ...). */
    String configValue();

    /** {@code tcp:HOST:PORT}: a connection to the port is accepted. */
    record Tcp(String host, int port) implements ReadyCheck {
        @Override
        public String configValue() {
            return "tcp:" + host + ":" + port;
        }
    }

    /** {@code http://HOST:PORT/PATH} (or https): a GET answers with a 2xx or 3xx status. */
    record Http(String url) implements ReadyCheck {
        @Override
        public String configValue() {
            return url;
        }
    }

    /** {@code exec:COMMAND}: the command, run by {@code /bin/sh -c} as the daemon's user, exits 0. */
    record Exec(String command) implements ReadyCheck {
        @Override
        public String configValue() {
            return "exec:" + command;
        }
    }

    /** {@code log:REGEX}: a line the process writes to stdout or stderr matches (a find, not a full match). */
    record Log(String regex) implements ReadyCheck {
        @Override
        public String configValue() {
            return "log:" + regex;
        }
    }
}
