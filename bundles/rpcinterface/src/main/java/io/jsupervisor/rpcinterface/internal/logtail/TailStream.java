package io.jsupervisor.rpcinterface.internal.logtail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code tail -f} of one file over an HTTP response, as the reference's tail_f_producer: the last
 * {@code head} bytes first, then whatever is appended, following the path when the file is
 * rotated or truncated. Nothing blocks a server thread: one shared timer thread looks for new
 * bytes, and the next look is scheduled only once Jetty has taken the previous chunk. The stream
 * ends when the client goes away.
 */
final class TailStream {
    private static final long POLL_MILLIS = 200;
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jsupervisor-logtail");
        t.setDaemon(true);
        return t;
    });

    private final Path path;
    private final Response response;
    private final Callback done;
    private Object fileKey;
    private long position;

    private TailStream(Path path, Response response, Callback done) {
        this.path = path;
        this.response = response;
        this.done = done;
    }

    static void start(Path path, long head, Response response, Callback done) {
        TailStream s = new TailStream(path, response, done);
        TIMER.execute(() -> s.first(head));
    }

    private void first(long head) {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            fileKey = a.fileKey();
            position = Math.max(0, a.size() - head);
        } catch (IOException e) {
            position = 0;
        }
        poll();
    }

    private void poll() {
        byte[] chunk;
        try {
            chunk = readNew();
        } catch (IOException e) {
            chunk = new byte[0];
        }
        if (chunk.length == 0) {
            TIMER.schedule(this::poll, POLL_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        response.write(false, ByteBuffer.wrap(chunk), Callback.from(
                () -> TIMER.execute(this::poll),
                failure -> done.failed(failure)));
    }

    private byte[] readNew() throws IOException {
        if (!Files.exists(path)) {
            return new byte[0];
        }
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
        if ((fileKey != null && !fileKey.equals(a.fileKey())) || a.size() < position) {
            // rotated or truncated: start again at the beginning of the file now at the path
            fileKey = a.fileKey();
            position = 0;
        }
        long available = Math.min(a.size() - position, 64 * 1024);
        if (available <= 0) {
            return new byte[0];
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate((int) available);
            int n = ch.read(buf, position);
            if (n <= 0) {
                return new byte[0];
            }
            position += n;
            byte[] out = new byte[n];
            buf.flip();
            buf.get(out);
            return out;
        }
    }
}
