package io.jsupervisor.launch;

/**
 * What the launcher offers the core bundle. Registered as a service by the launcher; the core
 * bundle's daemon component requires it.
 */
public interface DaemonHost {

    /** The command line as the launcher understood it. */
    LaunchOptions options();

    /**
     * The config the launcher read and checked before the framework started, for the daemon's
     * first start, so that the file is read once; null when the launcher read none (a daemon
     * child reads its own) or has handed it out already. A reload always reads the file again.
     */
    default io.jsupervisor.api.config.SupervisorConfig config() {
        return null;
    }

    /**
     * The daemon is up: config read, logs open, pidfile written. A daemonizing parent process
     * waiting for its child may now return 0.
     */
    void ready();

    /**
     * Start-up failed before {@link #ready()}: the launcher prints {@code message} the way the
     * reference prints its errors and ends the JVM with {@code exitStatus}.
     */
    void fail(String message, int exitStatus);

    /** What a service manager is told of the daemon's life (systemd's sd_notify states). */
    enum ServiceState {
        /** Servers accept and the autostart programs have been spawned (again, after a reload). */
        READY,
        /** A reload (SIGHUP or the restart RPC) has begun. */
        RELOADING,
        /** The shutdown has begun: programs are being stopped. */
        STOPPING
    }

    /**
     * Tells the service manager that started the daemon, if any, where its life stands. The
     * default tells nobody.
     */
    default void serviceState(ServiceState state) {}

    /**
     * A check the launcher runs before each watchdog keep-alive it sends (systemd's
     * {@code WatchdogSec=}): while it answers false or hangs, none is sent and the service
     * manager restarts the daemon. {@code null} removes the check. The default ignores it.
     */
    default void setLivenessCheck(java.util.function.BooleanSupplier check) {}

    /** The daemon has shut down; end the JVM with this status. */
    void exit(int exitStatus);

    /**
     * Route the POSIX signals the daemon reacts to ({@code TERM INT QUIT HUP USR2}; child exits
     * come from the core's reaper, not from SIGCHLD) to
     * {@code handler}; {@code null} restores the launcher's default (exit on TERM/INT/QUIT).
     */
    void setSignalHandler(SignalHandler handler);

    /** Receives POSIX signals on a launcher thread; must hand work off quickly. */
    @FunctionalInterface
    interface SignalHandler {
        /** @param name the signal's name without {@code SIG}, e.g. {@code TERM} */
        void onSignal(String name);
    }
}
