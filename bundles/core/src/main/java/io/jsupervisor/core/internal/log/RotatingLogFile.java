package io.jsupervisor.core.internal.log;

import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * One log file with size based rotation in the manner of the reference's rotating file handler:
 * every write goes to the file whole (or, when the disk fills up part-way, not at all), and only
 * afterwards, when the file has reached {@code maxbytes}, the backups are shifted ({@code .N-1}
 * to {@code .N} ... file to {@code .1}) and a fresh, empty file is started. With {@code maxbytes == 0} the file is never rotated; with
 * {@code backups == 0} a full file is truncated instead of being kept.
 *
 * <p>Special files (character devices such as {@code /dev/stdout}, FIFOs, anything under
 * {@code /dev} or {@code /proc}) are opened for appending without any seek or truncation and are
 * never rotated, renamed or removed.
 *
 * <p>Byte-array writes go through a plain {@link FileOutputStream}, so an interrupt of the
 * writing thread cannot close the file underneath us; buffer writes use its channel.
 *
 * <p>Not thread-safe: one writer thread per file (callers that share one must synchronize).
 */
public final class RotatingLogFile implements Closeable {

    private final Path path;
    private final long maxbytes;
    private final int backups;

    private FileOutputStream out;
    /** Identity (device/inode) of the file we hold, to tell whether {@link #path} still names it. */
    private Object fileKey;
    /** Size of the file we hold as far as we know: its size when opened plus what we wrote since. */
    private long tracked;
    private boolean special;
    private boolean closed;

    public RotatingLogFile(Path path, long maxbytes, int backups) throws IOException {
        this.path = Objects.requireNonNull(path, "path");
        this.maxbytes = Math.max(0, maxbytes);
        this.backups = Math.max(0, backups);
        this.out = open(true);
        noteOpened();
    }

    /** The file written to (the backups are this path plus {@code .1}, {@code .2}, ...). */
    public Path path() {
        return path;
    }

    /**
     * Writes all {@code len} bytes in one piece, then rotates if the file has reached
     * {@code maxbytes}. The write is all or nothing: when it fails part-way (the disk filled up
     * after a short write), the bytes that did reach the file are cut off again, so the file
     * never ends in a fragment that the next write would glue onto. A failure of the rotation
     * that follows a complete write is a {@link RotationFailedException}: those bytes are in.
     */
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("log file " + path + " is closed");
        }
        if (len == 0) {
            return;
        }
        if (out == null) {
            // an earlier rotation could not start the new file: try again now
            out = open(true);
            noteOpened();
        }
        long before = tracked;
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            // FileOutputStream loops over short writes and does not say how many went in: the
            // file's size against what we knew before tells (unless someone else appended too)
            long size = openFileSize();
            cutBack(size, size - before, len);
            throw e;
        }
        tracked += len;
        if (maxbytes > 0 && !special && currentSize() >= maxbytes) {
            rotate();
        }
    }

    /**
     * As {@link #write(byte[], int, int)}, for the bytes between the buffer's position and
     * limit. A direct buffer goes to the file without being copied to the Java heap first.
     * All or nothing like the array write.
     */
    public void write(ByteBuffer bytes) throws IOException {
        if (closed) {
            throw new IOException("log file " + path + " is closed");
        }
        int len = bytes.remaining();
        if (len == 0) {
            return;
        }
        if (out == null) {
            out = open(true);
            noteOpened();
        }
        // The stream's channel shares its descriptor (and its append mode). Channels close on an
        // interrupt; the only writer is the output reactor's thread, which nobody interrupts.
        FileChannel channel = out.getChannel();
        long written = 0;
        try {
            while (bytes.hasRemaining()) {
                written += channel.write(bytes);
            }
        } catch (IOException e) {
            cutBack(openFileSize(), written, len);
            throw e;
        }
        tracked += len;
        if (maxbytes > 0 && !special && currentSize() >= maxbytes) {
            rotate();
        }
    }

    /**
     * A complete write was followed by a failed rotation: the bytes are in the file (the old
     * one, which stays in use), only the backups could not be shifted.
     */
    public static final class RotationFailedException extends IOException {
        private static final long serialVersionUID = 1L;

        RotationFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Closes the file and opens {@link #path} again (appending), e.g. after logrotate moved it. */
    public void reopen() throws IOException {
        if (closed) {
            throw new IOException("log file " + path + " is closed");
        }
        FileOutputStream fresh = open(true);
        FileOutputStream old = out;
        out = fresh;
        noteOpened();
        closeQuietly(old);
    }

    /**
     * Clears the log the way the reference's {@code clearProcessLogs} does: the current file is
     * removed and a new, empty one is opened in its place. Existing backups are left alone, as in
     * the reference. Special files cannot be cleared (an {@link IOException} is thrown).
     */
    public void clear() throws IOException {
        if (closed) {
            throw new IOException("log file " + path + " is closed");
        }
        if (special) {
            throw new IOException("cannot clear " + path + ": not a regular file");
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new IOException("cannot remove log file " + path + ": " + reason(e), e);
        }
        reopen();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            closeQuietly(out);
            out = null;
        }
    }

    // ------------------------------------------------------------------------------------------

    private FileOutputStream open(boolean append) throws IOException {
        try {
            // O_WRONLY|O_CREAT plus O_APPEND or O_TRUNC, no seek: works for ttys, pipes, FIFOs
            return new FileOutputStream(path.toFile(), append);
        } catch (FileNotFoundException | SecurityException e) {
            throw new IOException("cannot open log file " + path + ": " + reason(e), e);
        }
    }

    private void noteOpened() {
        BasicFileAttributes attrs = attributes();
        special = attrs == null || !attrs.isRegularFile() || isSystemPath(path);
        fileKey = attrs == null ? null : attrs.fileKey();
        tracked = attrs == null || special ? 0 : attrs.size();
    }

    /** What the reference's {@code tell()} would report: the size of the file we are writing. */
    private long currentSize() {
        BasicFileAttributes attrs = attributes();
        if (attrs != null && fileKey != null && fileKey.equals(attrs.fileKey())) {
            return attrs.size(); // the path still names our file: its size includes other appenders
        }
        return tracked; // moved away or deleted underneath us
    }

    /**
     * After a failed write: {@code partial} of the {@code len} bytes reached the file, which is
     * now {@code size} long. Cuts them off again (a short write on a full disk leaves the front
     * of a line; the reference leaves it and the next line is glued onto it). Nothing is cut when
     * the numbers do not fit one writer's short write (another appender, a special file).
     */
    private void cutBack(long size, long partial, int len) {
        if (special || out == null || partial <= 0 || partial >= len || size < partial) {
            return;
        }
        boolean interrupted = Thread.interrupted(); // a set flag would close the channel
        try {
            out.getChannel().truncate(size - partial);
        } catch (IOException e) {
            // could not cut (the channel was closed by a racing interrupt): start afresh next time
            closeQuietly(out);
            out = null;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The size of the file we hold (not of whatever {@link #path} names now), or -1. */
    private long openFileSize() {
        if (out == null) {
            return -1;
        }
        boolean interrupted = Thread.interrupted(); // a set flag would close the channel
        try {
            return out.getChannel().size();
        } catch (IOException e) {
            return -1;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private BasicFileAttributes attributes() {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private void rotate() throws IOException {
        closeQuietly(out);
        out = null;
        IOException failure = null;
        boolean moved = true;
        if (backups > 0) {
            try {
                for (int i = backups - 1; i > 0; i--) {
                    Path src = backup(i);
                    if (Files.exists(src)) {
                        removeAndRename(src, backup(i + 1));
                    }
                }
                removeAndRename(path, backup(1));
            } catch (IOException e) {
                failure = e;
                moved = false;
            }
        }
        // the full file was moved to .1 (or no backups are kept): start empty; otherwise keep it
        out = open(!moved);
        noteOpened();
        if (failure != null) {
            throw new RotationFailedException("cannot rotate log file " + path + ": " + reason(failure), failure);
        }
    }

    private Path backup(int n) {
        return Path.of(path.toString() + "." + n);
    }

    private static void removeAndRename(Path src, Path dst) throws IOException {
        try {
            Files.deleteIfExists(dst);
        } catch (NoSuchFileException ignored) {
            // someone else removed it first
        }
        try {
            Files.move(src, dst, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException ignored) {
            // the source went away (e.g. a cleanup script removed the active log)
        }
    }

    private static boolean isSystemPath(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith("/dev") || abs.startsWith("/proc");
    }

    private static void closeQuietly(Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing useful to do
            }
        }
    }

    /** A short human reason for an I/O failure (the OS error text where there is one). */
    static String reason(Throwable e) {
        if (e instanceof FileSystemException) {
            FileSystemException fse = (FileSystemException) e;
            if (fse.getReason() != null) {
                return fse.getReason();
            }
            if (e instanceof NoSuchFileException) {
                return "No such file or directory";
            }
            return e.getClass().getSimpleName();
        }
        String msg = e.getMessage();
        if (msg == null) {
            return e.getClass().getSimpleName();
        }
        // FileNotFoundException says "<path> (<reason>)"
        int open = msg.lastIndexOf(" (");
        if (msg.endsWith(")") && open >= 0) {
            return msg.substring(open + 2, msg.length() - 1);
        }
        return msg;
    }
}
