package io.jsupervisor.api.log;

import io.jsupervisor.api.config.LogLevel;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The activity log ({@code supervisord.log}) of the running daemon, as a service, for bundles
 * that write the reference's lines there (the HTTP servers: {@code RPC interface 'supervisor'
 * initialized}, {@code Server 'unix_http_server' running without any HTTP authentication
 * checking}, {@code XML-RPC request data ... is invalid}). The core registers it next to the
 * {@link io.jsupervisor.api.process.ProcessManager} for as long as that log is open. Thread-safe.
 */
@ProviderType
public interface DaemonLog {
    /** Writes {@code message} when the log's level lets {@code level} through. */
    void log(LogLevel level, String message);
}
