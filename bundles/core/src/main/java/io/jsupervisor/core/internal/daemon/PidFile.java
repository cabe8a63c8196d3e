package io.jsupervisor.core.internal.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;

/**
 * Writes the daemon's pidfile without ever writing through a link planted at its path.
 *
 * <p>The reference opens the path for writing, following a symlink there: anyone who can create
 * names in the pidfile's directory can make it truncate any file the daemon may write (as root,
 * any file). We write a new file under a temporary name in the same directory, created
 * exclusively (O_CREAT|O_EXCL, which never follows a link), and rename it over the pidfile:
 * rename replaces a planted link itself, never its target. Its mode is 0666 less the umask, as
 * the reference's.
 *
 * <p>A directory every user may write to and without the sticky bit is refused: there anyone
 * can replace the pidfile after we wrote it, and a pid read from it (by an init script, by
 * {@code kill $(cat ...)}) could name any process. A sticky one such as /tmp is accepted: there
 * only its owner may rename or remove our file, and a name another user planted before us
 * cannot be replaced by us either (rename fails, and we say so as the reference does).
 */
final class PidFile {
    private PidFile() {}

    /** Why the pidfile cannot be written safely, or null when it can be tried. */
    static String refusal(Path pidfile) {
        Path dir = pidfile.toAbsolutePath().getParent();
        try {
            PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class);
            boolean worldWritable = a.permissions().contains(PosixFilePermission.OTHERS_WRITE);
            if (worldWritable && !isSticky(dir)) {
                return "its directory " + dir + " is writable by every user and not sticky, so anyone could "
                        + "replace it; put it in a directory only supervisord's user can write to (or one with "
                        + "the sticky bit, like /tmp)";
            }
        } catch (IOException | UnsupportedOperationException e) {
            return null; // let the write itself fail and say so
        }
        return null;
    }

    private static boolean isSticky(Path dir) throws IOException {
        Object mode = Files.getAttribute(dir, "unix:mode");
        return mode instanceof Integer m && (m & 01000) != 0;
    }

    /** Writes {@code pid} and a newline to {@code pidfile} as described above. */
    static void write(Path pidfile, long pid) throws IOException {
        String refused = refusal(pidfile);
        if (refused != null) {
            throw new IOException(refused);
        }
        Path temp = pidfile.resolveSibling(pidfile.getFileName() + ".tmp" + ProcessHandle.current().pid());
        Files.deleteIfExists(temp); // a leftover of ours, or a planted link: unlink never follows
        try (SeekableByteChannel ch = Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer b = ByteBuffer.wrap((pid + "\n").getBytes(StandardCharsets.US_ASCII));
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }
        try {
            Files.move(temp, pidfile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }
}
