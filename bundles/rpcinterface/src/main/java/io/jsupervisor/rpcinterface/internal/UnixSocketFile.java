package io.jsupervisor.rpcinterface.internal;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * The file side of {@code [unix_http_server]}, as the reference does it: a socket file that
 * answers is somebody's server (refuse), one that does not is stale (unlink it); the server binds
 * a temporary name next to it, which gets its mode and owner before it is renamed into place, so
 * the socket is never reachable under its real name with the wrong mode.
 */
final class UnixSocketFile {
    private UnixSocketFile() {}

    /** @return true when something accepts connections at {@code path} */
    static boolean inUse(Path path) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(path));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Unlinks a stale socket file, saying so on stderr as the reference does. */
    static void removeStale(Path path) throws IOException {
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            System.err.println("Unlinking stale socket " + path);
            System.err.flush();
            Files.deleteIfExists(path);
        }
    }

    static Path temporary(Path path) {
        return path.resolveSibling(path.getFileName() + "." + ProcessHandle.current().pid());
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        for (int i = 0; i < order.length; i++) {
            if ((mode & (1 << i)) != 0) {
                s.add(order[i]);
            }
        }
        return s;
    }

    /**
     * Mode and owner on the temporary name, then the rename to the real one. chmod(2) follows
     * links, so the temporary name is first checked to be the socket we bound and not a link put
     * in its place; the owner is set with lchown, which never follows one; rename replaces a
     * link at the real name rather than writing through it. (A link swapped in between the check
     * and the chmod needs a directory others may write to without the sticky bit.)
     */
    static void publish(Path temp, Path path, int mode, String chown) throws IOException {
        BasicFileAttributes a = Files.readAttributes(temp, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isSymbolicLink() || a.isRegularFile() || a.isDirectory()) {
            throw new IOException("Cannot publish " + path + ": " + temp + " is not the socket we bound");
        }
        Files.setPosixFilePermissions(temp, permissions(mode));
        if (chown != null && !chown.isBlank()) {
            Chown.apply(temp, path, chown);
        }
        Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
