package io.jsupervisor.core.internal.engine;

import io.jsupervisor.api.config.ProcessGroupConfig.FcgiSocketSettings;
import io.jsupervisor.core.internal.log.ActivityLog;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import jnr.constants.platform.Errno;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.posix.POSIX;
import jnr.posix.Passwd;

/**
 * The listening socket of an {@code [fcgi-program:x]} pool, handed to each of its processes as
 * descriptor 0. As in the reference, the socket is counted per process that holds it: it is
 * created and bound when the first process of the pool spawns, and closed when the last one has
 * been reaped (so a stopped pool holds no port). A unix socket's file is left in place on close,
 * as the reference leaves it; the next bind replaces it.
 *
 * <p>Engine thread only. The descriptor is close-on-exec; the spawn's dup2 to 0 clears that for
 * the child alone.
 */
final class FcgiSocket {
    /** The socket calls jnr-posix does not wrap. */
    public interface LibC {
        int socket(int domain, int type, int protocol);

        int setsockopt(int fd, int level, int option, Pointer value, int length);

        int bind(int fd, Pointer address, int length);

        int listen(int fd, int backlog);

        int close(int fd);
    }

    private static final int AF_UNIX = 1;
    private static final int AF_INET = 2;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_REUSEADDR = 2;
    /** Python's socket.SOMAXCONN, the reference's backlog when socket_backlog is not set. */
    private static final int SOMAXCONN = 4096;
    private static final int SUN_PATH_BYTES = 108;

    private static LibC libc;
    private static Runtime runtime;

    private final FcgiSocketSettings settings;
    private final ActivityLog log;
    private final POSIX posix;
    private int fd = -1;
    private int holders;

    FcgiSocket(FcgiSocketSettings settings, ActivityLog log, POSIX posix) {
        this.settings = settings;
        this.log = log;
        this.posix = posix;
    }

    /** A hold on the socket by one process; released once, however often it is called. */
    final class Lease {
        private boolean held = true;

        int fd() {
            return fd;
        }

        void release() {
            if (held) {
                held = false;
                if (--holders == 0) {
                    close();
                }
            }
        }
    }

    /**
     * Creates and releases the socket once, so that a config whose socket cannot be made fails
     * when its group is added, as the reference's does.
     */
    void check() throws IOException {
        try {
            acquire().release();
        } catch (IOException e) {
            throw new IOException("Could not create FastCGI socket " + settings.socket() + ": " + e.getMessage(), e);
        }
    }

    /** Takes a hold, creating the socket if nobody holds it yet. */
    Lease acquire() throws IOException {
        if (holders == 0) {
            open();
        }
        holders++;
        return new Lease();
    }

    /** The group is going away: close the socket whatever still holds it. */
    void discard() {
        if (fd >= 0) {
            close();
        }
        holders = 0;
    }

    private void open() throws IOException {
        log.info("Creating socket " + settings.socket());
        LibC c = libc();
        String url = settings.socket();
        boolean unix = url.startsWith("unix://");
        int s = c.socket(unix ? AF_UNIX : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (s < 0) {
            throw errnoException();
        }
        try {
            if (unix) {
                bindUnix(c, s, url.substring("unix://".length()));
            } else {
                bindTcp(c, s, url.substring("tcp://".length()));
            }
            int backlog = settings.socketBacklog() > 0 ? settings.socketBacklog() : SOMAXCONN;
            if (c.listen(s, backlog) != 0) {
                throw errnoException();
            }
        } catch (IOException | RuntimeException e) {
            c.close(s);
            throw e;
        }
        fd = s;
    }

    private void close() {
        log.info("Closing socket " + settings.socket());
        libc().close(fd);
        fd = -1;
    }

    private void bindTcp(LibC c, int s, String hostPort) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon);
        int port = Integer.parseInt(hostPort.substring(colon + 1));
        byte[] address = ipv4(host);
        Pointer one = Memory.allocate(runtime, 4);
        one.putInt(0, 1);
        if (c.setsockopt(s, SOL_SOCKET, SO_REUSEADDR, one, 4) != 0) {
            throw errnoException();
        }
        Pointer sin = Memory.allocate(runtime, 16);
        sin.putShort(0, (short) AF_INET);
        sin.putByte(2, (byte) (port >> 8));
        sin.putByte(3, (byte) port);
        sin.put(4, address, 0, 4);
        if (c.bind(s, sin, 16) != 0) {
            throw errnoException();
        }
    }

    /** Python binds an AF_INET socket to the host's first IPv4 address. */
    private static byte[] ipv4(String host) throws IOException {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (a instanceof Inet4Address) {
                    return a.getAddress();
                }
            }
            throw new IOException("[Errno -9] Address family for hostname not supported");
        } catch (UnknownHostException e) {
            throw new IOException("[Errno -2] Name or service not known", e);
        }
    }

    private void bindUnix(LibC c, int s, String path) throws IOException {
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        if (name.length >= SUN_PATH_BYTES) {
            throw new IOException("AF_UNIX path too long");
        }
        // as the reference: whatever is at the path is replaced
        posix.unlink(path);
        Pointer sun = Memory.allocate(runtime, 2 + SUN_PATH_BYTES);
        sun.putShort(0, (short) AF_UNIX);
        sun.put(2, name, 0, name.length);
        if (c.bind(s, sun, 2 + name.length + 1) != 0) {
            throw errnoException();
        }
        try {
            chown(path);
            chmod(path);
        } catch (IOException e) {
            posix.unlink(path);
            throw e;
        }
    }

    private void chown(String path) throws IOException {
        String owner = settings.socketOwner();
        if (owner == null) {
            return;
        }
        int colon = owner.indexOf(':');
        Passwd user = lookupUser(colon < 0 ? owner : owner.substring(0, colon));
        if (user == null) {
            throw new IOException("Could not change ownership of socket file: no such user " + owner);
        }
        long gid = user.getGID();
        if (colon >= 0) {
            String group = owner.substring(colon + 1);
            gid = group.chars().allMatch(Character::isDigit) ? Long.parseLong(group) : groupId(group);
        }
        if (posix.chown(path, (int) user.getUID(), (int) gid) != 0) {
            throw new IOException("Could not change ownership of socket file: " + strerror(posix.errno()));
        }
    }

    private long groupId(String group) throws IOException {
        jnr.posix.Group g = posix.getgrnam(group);
        if (g == null) {
            throw new IOException("Could not change ownership of socket file: no such group " + group);
        }
        return g.getGID();
    }

    private Passwd lookupUser(String user) {
        if (!user.isEmpty() && user.chars().allMatch(Character::isDigit)) {
            return posix.getpwuid(Integer.parseInt(user));
        }
        return posix.getpwnam(user);
    }

    private void chmod(String path) throws IOException {
        Integer mode = settings.socketMode();
        if (mode != null && posix.chmod(path, mode) != 0) {
            throw new IOException("Could not change permissions of socket file: " + strerror(posix.errno()));
        }
    }

    /** The last call's errno as Python's OSError prints it: {@code [Errno 98] Address already in use}. */
    private static IOException errnoException() {
        int errno = LastError.getLastError(runtime);
        return new IOException(strerror(errno));
    }

    private static String strerror(int errno) {
        Errno e = Errno.valueOf(errno);
        String text = e == Errno.__UNKNOWN_CONSTANT__ ? "Unknown error " + errno : e.description();
        return "[Errno " + errno + "] " + text;
    }

    private static synchronized LibC libc() {
        if (libc == null) {
            libc = LibraryLoader.create(LibC.class).load("c");
            runtime = Runtime.getRuntime(libc);
        }
        return libc;
    }
}
