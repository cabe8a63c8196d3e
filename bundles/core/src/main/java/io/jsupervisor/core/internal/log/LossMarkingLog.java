package io.jsupervisor.core.internal.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * A child's log file that says where output was lost instead of gluing lines together.
 *
 * <p>A child's output is a byte stream cut into arbitrary chunks, so a chunk that cannot be
 * written (disk full) usually ends, and the next one that can usually starts, in the middle of a
 * line. Written as they come, the two halves would make one garbled line. Here, once a write has
 * failed, output is dropped (and counted) until the child's stream reaches the start of a line
 * and the disk has room again (at least {@link #RESUME_MARGIN} bytes free) and takes that line. Then one marker line goes in, in the same write:
 *
 * <pre>{@code [jsupervisor: N bytes lost: No space left on device]\n}</pre>
 *
 * preceded by a space when the file ended inside a line, so the cut line is finished by the
 * marker ({@code 00002613 xxx [jsupervisor: ...]}) and the next line starts whole. N counts every
 * byte of the child's output that is not in the file. A failed write itself leaves nothing behind
 * ({@link RotatingLogFile} writes all or nothing).
 *
 * <p>Not thread-safe: the caller serializes writes, reopen and clear.
 */
public final class LossMarkingLog {

    /** Told once per stretch of lost output, when it ends (or at close, if it never did). */
    public interface LossListener {
        /**
         * @param bytes how many bytes of output are not in the file
         * @param reason why (the operating system's words for the first failure)
         * @param marked whether the marker line is in the file (false: the log closed first)
         */
        void lost(long bytes, String reason, boolean marked);
    }

    /** Free bytes (beyond the chunk) the file system must have before output is written again. */
    static final long RESUME_MARGIN = 64 * 1024;

    private final RotatingLogFile file;
    private final LossListener listener;
    /** Whether the last byte that reached the file ended a line (or nothing was written yet). */
    private boolean atLineStart = true;
    /** Output is being dropped: since a failed write, until a marker could be written. */
    private boolean dropping;
    private long lost;
    private String reason;
    /** Whether the last dropped byte ended a line, so the next chunk starts at a line start. */
    private boolean droppedToLineEnd;

    public LossMarkingLog(RotatingLogFile file, LossListener listener) {
        this.file = Objects.requireNonNull(file, "file");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    public RotatingLogFile file() {
        return file;
    }

    /** Bytes lost in the stretch now going on (0 when output is written). */
    public long pendingLoss() {
        return dropping ? lost : 0;
    }

    /**
     * Writes the chunk, or drops it while the log is failing. Throws the failure that starts a
     * stretch of loss (once per stretch), or a rotation failure; dropped chunks return quietly.
     */
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return;
        }
        if (dropping) {
            int skip = resumeOffset(b, off, len);
            if (skip >= 0) {
                resume(b, off + skip, len - skip);
            }
            return;
        }
        byte last = b[off + len - 1];
        try {
            file.write(b, off, len);
        } catch (RotatingLogFile.RotationFailedException e) {
            atLineStart = last == '\n';
            throw e;
        } catch (IOException e) {
            startDropping(len, last, e);
            throw e;
        }
        atLineStart = last == '\n';
    }

    /** As {@link #write(byte[], int, int)}, for the bytes between position and limit. */
    public void write(ByteBuffer bytes) throws IOException {
        int len = bytes.remaining();
        if (len == 0) {
            return;
        }
        if (dropping) {
            int skip = resumeOffset(bytes);
            if (skip >= 0) {
                byte[] rest = new byte[len - skip];
                bytes.position(bytes.position() + skip).get(rest);
                resume(rest, 0, rest.length);
            }
            bytes.position(bytes.limit());
            return;
        }
        byte last = bytes.get(bytes.limit() - 1);
        try {
            file.write(bytes);
        } catch (RotatingLogFile.RotationFailedException e) {
            atLineStart = last == '\n';
            throw e;
        } catch (IOException e) {
            bytes.position(bytes.limit());
            startDropping(len, last, e);
            throw e;
        }
        atLineStart = last == '\n';
    }

    /** Reopens the file (USR2); a stretch of loss goes on into the new file. */
    public void reopen() throws IOException {
        file.reopen();
    }

    /** Empties the file (clearProcessLogs); the file starts at a line start. */
    public void clear() throws IOException {
        file.clear();
        atLineStart = true;
    }

    /** Closes the file; a loss still going on is marked if the disk allows, and reported. */
    public void close() {
        if (dropping) {
            boolean marked = tryWrite(marker());
            dropping = false;
            listener.lost(lost, reason, marked);
        }
        file.close();
    }

    // ------------------------------------------------------------------------------------------

    private void startDropping(int len, byte last, IOException e) {
        if (!dropping) {
            dropping = true;
            lost = 0;
            reason = RotatingLogFile.reason(e);
        }
        lost += len;
        droppedToLineEnd = last == '\n';
    }

    /**
     * Where in a chunk that comes while dropping the next line starts: 0 if the dropped bytes
     * ended a line, else just past the chunk's first newline; -1 (the whole chunk is dropped and
     * counted) if it has none.
     */
    private int resumeOffset(byte[] b, int off, int len) {
        if (droppedToLineEnd) {
            return 0;
        }
        for (int i = 0; i < len; i++) {
            if (b[off + i] == '\n') {
                lost += i + 1;
                return i + 1;
            }
        }
        lost += len;
        return -1;
    }

    private int resumeOffset(ByteBuffer bytes) {
        int len = bytes.remaining();
        if (droppedToLineEnd) {
            return 0;
        }
        int start = bytes.position();
        for (int i = 0; i < len; i++) {
            if (bytes.get(start + i) == '\n') {
                lost += i + 1;
                return i + 1;
            }
        }
        lost += len;
        return -1;
    }

    /**
     * Tries to end the stretch of loss: the marker and the chunk's bytes from the resume point
     * on, in one write, so the stretch ends only when real output fits again (a marker alone may
     * fit in the slack of the file's last block while the disk is still full). When the write
     * fails these bytes are counted as lost too.
     */
    private void resume(byte[] b, int off, int len) throws IOException {
        if (!roomAgain(len)) {
            lost += len;
            droppedToLineEnd = len == 0 || b[off + len - 1] == '\n';
            return;
        }
        byte[] marker = marker();
        byte[] joined = Arrays.copyOf(marker, marker.length + len);
        System.arraycopy(b, off, joined, marker.length, len);
        RotatingLogFile.RotationFailedException rotation = null;
        try {
            file.write(joined, 0, joined.length);
        } catch (RotatingLogFile.RotationFailedException e) {
            rotation = e; // the bytes are in
        } catch (IOException e) {
            lost += len;
            // what was skipped to reach the resume point ended a line; the rest may not
            droppedToLineEnd = len == 0 || b[off + len - 1] == '\n';
            return;
        }
        dropping = false;
        atLineStart = joined[joined.length - 1] == '\n';
        long total = lost;
        lost = 0;
        listener.lost(total, reason, true);
        if (rotation != null) {
            throw rotation;
        }
    }

    /**
     * Whether the file system has room for {@code len} bytes plus {@link #RESUME_MARGIN}. A full
     * disk still takes small writes into the unused end of a file's last block; resuming on those
     * would end the stretch only to start another one a few writes later.
     */
    private boolean roomAgain(int len) {
        try {
            Path where = file.path().toAbsolutePath().getParent();
            return Files.getFileStore(where).getUnallocatedSpace() >= len + RESUME_MARGIN;
        } catch (IOException | RuntimeException e) {
            return true; // cannot tell: let the write decide
        }
    }

    private byte[] marker() {
        String text = (atLineStart ? "" : " ") + "[jsupervisor: " + lost + " bytes lost: " + reason + "]\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private boolean tryWrite(byte[] line) {
        try {
            file.write(line, 0, line.length);
            return true;
        } catch (RotatingLogFile.RotationFailedException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
