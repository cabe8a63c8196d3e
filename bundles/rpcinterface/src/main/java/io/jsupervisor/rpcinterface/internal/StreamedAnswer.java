package io.jsupervisor.rpcinterface.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * Sends an answer whose pieces include {@link FileText}s: byte pieces as they are, each FileText
 * read {@link #CHUNK} bytes at a time, decoded as UTF-8 (invalid sequences become U+FFFD, as a
 * String value's decode does) and escaped, each chunk written only once Jetty has taken the one
 * before. The heap holds one chunk, never the file; no thread waits on the socket. The length is
 * not known beforehand, so HTTP/1.1 gets it chunked and HTTP/1.0 until the connection closes.
 */
final class StreamedAnswer extends IteratingCallback {
    static final int CHUNK = 64 * 1024;

    private final Response response;
    private final Callback done;
    private final Iterator<Object> next;
    private FileChannel file;
    private long position;
    private long remaining;
    private ByteBuffer bytes;
    private CharBuffer chars;
    private CharsetDecoder decoder;
    private boolean flushed;
    private ByteBuffer lent;

    private StreamedAnswer(Response response, Callback done, List<Object> parts) {
        this.response = response;
        this.done = done;
        this.next = parts.iterator();
    }

    static void send(Response response, Callback done, List<Object> parts) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/xml");
        new StreamedAnswer(response, done, parts).iterate();
    }

    @Override
    protected Action process() throws Throwable {
        if (lent != null) {
            XmlRpcResponseWriter.release(lent);
            lent = null;
        }
        while (true) {
            if (file != null) {
                ByteBuffer out = nextChunk();
                if (out != null) {
                    lent = out;
                    response.write(false, out, this);
                    return Action.SCHEDULED;
                }
                closeFile();
            }
            if (!next.hasNext()) {
                return Action.SUCCEEDED;
            }
            Object part = next.next();
            if (part instanceof FileText f) {
                start(f);
            } else {
                response.write(!next.hasNext(), ByteBuffer.wrap((byte[]) part), this);
                return Action.SCHEDULED;
            }
        }
    }

    private void start(FileText f) {
        try {
            file = FileChannel.open(f.file(), StandardOpenOption.READ);
        } catch (IOException e) {
            return; // gone since the method ran: what is left of the slice is nothing
        }
        position = f.offset();
        remaining = f.length();
        if (bytes == null) {
            bytes = ByteBuffer.allocate(CHUNK);
            chars = CharBuffer.allocate(CHUNK);
        }
        bytes.clear();
        flushed = false;
        decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
    }

    /** The next escaped chunk of the current file, or null when it is all sent. */
    private ByteBuffer nextChunk() throws IOException {
        while (!flushed) {
            // bytes holds undecoded input (a sequence cut at the chunk's end) in write mode
            boolean end = remaining <= 0;
            if (!end && bytes.hasRemaining()) {
                int want = (int) Math.min(bytes.remaining(), remaining);
                ByteBuffer window = bytes.duplicate();
                window.limit(window.position() + want);
                int r = file.read(window, position);
                if (r <= 0) {
                    end = true; // the file shrank: answer what there was
                    remaining = 0;
                } else {
                    bytes.position(bytes.position() + r);
                    position += r;
                    remaining -= r;
                    end = remaining <= 0;
                }
            }
            bytes.flip();
            chars.clear();
            CoderResult cr = decoder.decode(bytes, chars, end);
            if (end && !cr.isOverflow()) {
                decoder.flush(chars);
                flushed = true;
            }
            bytes.compact();
            chars.flip();
            if (chars.hasRemaining()) {
                return XmlRpcResponseWriter.escaped(chars);
            }
        }
        return null;
    }

    @Override
    protected void onCompleteSuccess() {
        done.succeeded();
    }

    @Override
    protected void onCompleteFailure(Throwable cause) {
        closeFile();
        done.failed(cause);
    }

    private void closeFile() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                // read-only: nothing lost
            }
            file = null;
        }
    }
}
