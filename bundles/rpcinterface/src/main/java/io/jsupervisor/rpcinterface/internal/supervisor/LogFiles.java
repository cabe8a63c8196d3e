package io.jsupervisor.rpcinterface.internal.supervisor;

import io.jsupervisor.api.process.Fault;
import io.jsupervisor.api.process.SupervisorException;
import io.jsupervisor.rpcinterface.internal.FileText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reading and tailing log files with the reference's arithmetic ({@code readFile} and
 * {@code tailFile} of supervisor.options), offsets and lengths in bytes.
 */
final class LogFiles {
    private static final int CHUNK = 64 * 1024;
    /** Texts up to this many bytes are answered from the heap, larger ones stream from the file. */
    static final long INLINE_BYTES = 1 << 20;

    private LogFiles() {}

    /** What a tail returns: the text, the file's size (the next offset), and whether bytes were skipped. */
    record Tail(String text, long offset, boolean overflow) {}

    /** A {@link Tail} whose text is a String or a {@link FileText}. */
    record TailText(Object text, long offset, boolean overflow) {}

    /**
     * {@code length} bytes from {@code offset}. A negative offset reads that many bytes from the
     * end (the length must then be 0); a length of 0 reads to the end.
     *
     * @throws SupervisorException BAD_ARGUMENTS (negative offset with a length, or a negative
     *     length), FAILED (the file cannot be opened or read); neither carries a detail
     */
    static byte[] readFile(Path file, long offset, long length) {
        try (FileChannel ch = open(file)) {
            Span span = span(ch, offset, length);
            return read(ch, span.pos(), span.n());
        } catch (IOException | OutOfMemoryError e) {
            throw new SupervisorException(Fault.FAILED, null);
        }
    }

    /**
     * {@link #readFile} as the text an answer carries: a String, or for more than
     * {@link #INLINE_BYTES} a {@link FileText} that the answer streams from the file.
     */
    static Object readText(Path file, long offset, long length) {
        FileChannel ch = null;
        try {
            ch = open(file);
            Span span = span(ch, offset, length);
            Object text = text(file, ch, span.pos(), span.n());
            return text != null ? text : decode(read(ch, span.pos(), span.n()));
        } catch (IOException | OutOfMemoryError e) {
            throw new SupervisorException(Fault.FAILED, null);
        } finally {
            closeQuietly(ch);
        }
    }

    /** Where a read starts and how many bytes it asks for (at most; the file may end first). */
    private record Span(long pos, long n) {}

    /** The reference's readFile arithmetic: BAD_ARGUMENTS for the combinations it refuses. */
    private static Span span(FileChannel ch, long offset, long length) throws IOException {
        if (offset < 0) {
            if (length != 0) {
                throw new SupervisorException(Fault.BAD_ARGUMENTS, null);
            }
            return new Span(Math.max(0, ch.size() - -offset), -offset);
        }
        if (length < 0) {
            throw new SupervisorException(Fault.BAD_ARGUMENTS, null);
        }
        return new Span(offset, length == 0 ? Long.MAX_VALUE : length);
    }

    /** {@link #tailFile}, with a {@link FileText} in place of a large text. */
    static TailText tailText(Path file, long offset, long length) {
        return tail(file, offset, length, true);
    }

    /**
     * The reference's tailFile arithmetic and read. With {@code streamLarge} a slice of more than
     * {@link #INLINE_BYTES} is answered as a {@link FileText}; without it the text is always a
     * String. An unreadable file gives {@code ["", offset, false]}.
     */
    private static TailText tail(Path file, long offset, long length, boolean streamLarge) {
        FileChannel ch = null;
        try {
            ch = open(file);
            long sz = ch.size();
            boolean overflow = false;
            if (sz > saturatedAdd(offset, length)) {
                overflow = true;
                offset = sz - 1;
            }
            if (saturatedAdd(offset, length) > sz) {
                if (offset > sz - 1) {
                    length = 0;
                }
                // length is >= 0 here whenever it matters: a negative length only gets here with
                // offset > sz, which zeroed it
                offset = sz - length;
            }
            if (offset < 0) {
                offset = 0;
            }
            if (length < 0) {
                length = 0;
            }
            Object text = length == 0 ? "" : streamLarge ? text(file, ch, offset, length) : null;
            if (text == null) {
                text = decode(read(ch, offset, length));
            }
            return new TailText(text, sz, overflow);
        } catch (IOException e) {
            return new TailText("", offset, false);
        } finally {
            closeQuietly(ch);
        }
    }

    /** The larger slices that stream from the file; smaller ones are read at once (null). */
    private static Object text(Path file, FileChannel ch, long pos, long n) throws IOException {
        long expected = Math.max(0, Math.min(n, ch.size() - pos));
        return expected > INLINE_BYTES ? new FileText(file, pos, expected) : null;
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // read-only: nothing lost
            }
        }
    }

    /**
     * Up to {@code length} bytes from {@code offset}; when the file has grown beyond
     * {@code offset + length} the overflow flag is set and the last {@code length} bytes are
     * returned instead. The returned offset is always the file's size. An unreadable file gives
     * {@code ["", offset, false]}.
     */
    static Tail tailFile(Path file, long offset, long length) {
        TailText t = tail(file, offset, length, false);
        return new Tail((String) t.text(), t.offset(), t.overflow());
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }

    private static FileChannel open(Path file) throws IOException {
        // Python's open() refuses a directory at once (IsADirectoryError); Java would open it
        if (Files.isDirectory(file)) {
            throw new IOException("Is a directory: " + file);
        }
        return FileChannel.open(file, StandardOpenOption.READ);
    }

    /** Python's {@code f.seek(pos); f.read(n)}: up to n bytes, fewer at the end of the file. */
    private static byte[] read(FileChannel ch, long pos, long n) throws IOException {
        long size = ch.size();
        long expected = Math.max(0, Math.min(n, size - pos));
        if (expected > Integer.MAX_VALUE - 16) {
            throw new IOException("too large to read at once");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(16, expected));
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(16, Math.min(n, expected + CHUNK))));
        long remaining = n;
        long p = pos;
        while (remaining > 0) {
            buf.clear();
            if (remaining < buf.capacity()) {
                buf.limit((int) remaining);
            }
            int r = ch.read(buf, p);
            if (r <= 0) {
                break;
            }
            out.write(buf.array(), 0, r);
            p += r;
            remaining -= r;
            if (out.size() > Integer.MAX_VALUE - 2 * CHUNK) {
                throw new IOException("too large to read at once");
            }
        }
        return out.toByteArray();
    }

    /**
     * Log bytes as text. The reference decodes them as strict UTF-8 and, when that fails (a
     * multi-byte character cut by the offset, or output that is not UTF-8), answers HTTP 500:
     * a known bug of 4.2.5 (Supervisor issue #1485). We decode valid UTF-8 exactly as it does
     * and replace each invalid sequence with U+FFFD instead of failing the call.
     */
    static String decode(byte[] data) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(data));
            return chars.toString();
        } catch (CharacterCodingException e) {
            // cannot happen with REPLACE
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    /** Whether the strict decode the reference does would fail on these bytes. */
    static boolean isValidUtf8(byte[] data) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
