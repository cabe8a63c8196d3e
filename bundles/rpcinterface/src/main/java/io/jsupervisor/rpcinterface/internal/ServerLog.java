package io.jsupervisor.rpcinterface.internal;

import io.jsupervisor.api.config.LogLevel;
import io.jsupervisor.api.log.DaemonLog;
import java.util.function.Supplier;

/**
 * Where the HTTP side writes its activity-log lines: the core's {@link DaemonLog} service when it
 * is there, else stderr (prefixed, so such lines are never mistaken for the log's).
 */
final class ServerLog {
    private final Supplier<DaemonLog> target;

    ServerLog(Supplier<DaemonLog> target) {
        this.target = target;
    }

    void log(LogLevel level, String message) {
        DaemonLog log = target.get();
        if (log != null) {
            try {
                log.log(level, message);
                return;
            } catch (RuntimeException e) {
                // the log went away under us: fall through to stderr
            }
        }
        System.err.println("jsupervisor: " + level.label() + " " + message);
        System.err.flush();
    }

    void critical(String m) {
        log(LogLevel.CRITICAL, m);
    }

    void error(String m) {
        log(LogLevel.ERROR, m);
    }

    void warn(String m) {
        log(LogLevel.WARN, m);
    }

    void info(String m) {
        log(LogLevel.INFO, m);
    }

    void trace(String m) {
        log(LogLevel.TRACE, m);
    }
}
