package io.jsupervisor.core.internal.log;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Test helper: a named pipe plus a reader thread that collects everything written to it. */
final class Fifo {

    private Fifo() {
    }

    static Path make(Path dir, String name) throws Exception {
        Path fifo = dir.resolve(name);
        Process p;
        try {
            p = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "mkfifo not available: " + e);
            throw e;
        }
        assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo failed");
        return fifo;
    }

    /** Starts a thread that opens the FIFO for reading and reads until every writer closed it. */
    static CompletableFuture<byte[]> drain(Path fifo) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (InputStream in = new FileInputStream(fifo.toFile())) {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                in.transferTo(all);
                result.complete(all.toByteArray());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "fifo-reader");
        t.setDaemon(true);
        t.start();
        return result;
    }
}
