package io.jsupervisor.platform.supervisord;

import io.jsupervisor.launch.DaemonHost.ServiceState;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * systemd's notification protocol ({@code sd_notify}): one datagram per state to the unix socket
 * named by {@code NOTIFY_SOCKET} ({@code @name} for the abstract namespace), and, when
 * {@code WATCHDOG_USEC} is set for this process, {@code WATCHDOG=1} every half period while the
 * daemon's liveness check passes. Without {@code NOTIFY_SOCKET} it does nothing at all, so a
 * daemon not started by systemd behaves as the reference.
 */
final class SystemdNotifier implements AutoCloseable {
    /** The socket calls jnr-posix does not wrap. */
    public interface LibC {
        int socket(int domain, int type, int protocol);

        long sendto(int fd, Pointer buffer, long length, int flags, Pointer address, int addressLength);

        int close(int fd);
    }

    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int SUN_PATH_BYTES = 108;
    /** How long a liveness check may take before the keep-alive is skipped. */
    private static final long CHECK_SECONDS = 5;

    private final String socket;
    private final long watchdogMicros;
    private volatile BooleanSupplier liveness;
    private Thread watchdog;
    private LibC libc;
    private Runtime runtime;

    private SystemdNotifier(String socket, long watchdogMicros) {
        this.socket = socket;
        this.watchdogMicros = watchdogMicros;
    }

    /** The notifier for this process's environment; a silent one when systemd is not listening. */
    static SystemdNotifier fromEnvironment(Map<String, String> env, long pid) {
        String socket = env.get("NOTIFY_SOCKET");
        if (socket == null || socket.isEmpty() || !(socket.startsWith("/") || socket.startsWith("@"))) {
            return new SystemdNotifier(null, 0);
        }
        long micros = 0;
        String watchdogPid = env.get("WATCHDOG_PID");
        if (watchdogPid == null || watchdogPid.equals(Long.toString(pid))) {
            try {
                micros = Long.parseLong(env.getOrDefault("WATCHDOG_USEC", "0"));
            } catch (NumberFormatException e) {
                micros = 0;
            }
        }
        return new SystemdNotifier(socket, Math.max(0, micros));
    }

    boolean enabled() {
        return socket != null;
    }

    /** Starts the watchdog keep-alives, if systemd asked for them. */
    synchronized void start() {
        if (socket == null || watchdogMicros <= 0 || watchdog != null) {
            return;
        }
        long periodMillis = Math.max(1, watchdogMicros / 2000);
        watchdog = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    if (alive()) {
                        send("WATCHDOG=1");
                    }
                    Thread.sleep(periodMillis);
                }
            } catch (InterruptedException e) {
                // closing
            }
        }, "jsupervisor-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    void setLivenessCheck(BooleanSupplier check) {
        liveness = check;
    }

    private boolean alive() {
        BooleanSupplier check = liveness;
        if (check == null) {
            return true;
        }
        try {
            return CompletableFuture.supplyAsync(check::getAsBoolean).get(CHECK_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            return false;
        }
    }

    void state(ServiceState state) {
        switch (state) {
            case READY -> send("READY=1\nSTATUS=running");
            case RELOADING -> send("RELOADING=1\nSTATUS=reloading");
            case STOPPING -> send("STOPPING=1\nSTATUS=stopping");
            default -> throw new IllegalArgumentException(state.toString());
        }
    }

    /** Sends one notification; a failure is not the daemon's business beyond a line on stderr. */
    synchronized void send(String message) {
        if (socket == null) {
            return;
        }
        try {
            if (libc == null) {
                libc = LibraryLoader.create(LibC.class).load("c");
                runtime = Runtime.getRuntime(libc);
            }
            byte[] path = socket.getBytes(StandardCharsets.UTF_8);
            if (path.length >= SUN_PATH_BYTES) {
                return;
            }
            if (path[0] == '@') {
                path[0] = 0; // the abstract namespace: a leading NUL, and no NUL at the end
            }
            Pointer address = Memory.allocate(runtime, 2 + SUN_PATH_BYTES);
            address.putShort(0, (short) AF_UNIX);
            address.put(2, path, 0, path.length);
            int length = 2 + path.length + (path[0] == 0 ? 0 : 1);
            byte[] text = message.getBytes(StandardCharsets.UTF_8);
            Pointer buffer = Memory.allocate(runtime, text.length);
            buffer.put(0, text, 0, text.length);
            int fd = libc.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            if (fd < 0) {
                return;
            }
            try {
                if (libc.sendto(fd, buffer, text.length, MSG_NOSIGNAL, address, length) < 0) {
                    System.err.println("jsupervisor: cannot notify systemd at " + socket);
                }
            } finally {
                libc.close(fd);
            }
        } catch (RuntimeException | LinkageError e) {
            System.err.println("jsupervisor: cannot notify systemd: " + e);
        }
    }

    @Override
    public synchronized void close() {
        if (watchdog != null) {
            watchdog.interrupt();
            watchdog = null;
        }
    }
}
