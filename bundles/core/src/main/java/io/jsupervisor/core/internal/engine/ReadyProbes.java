package io.jsupervisor.core.internal.engine;

import io.jsupervisor.api.config.ReadyCheck;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code tcp:}, {@code http:} and {@code exec:} ready checks, off the engine thread: a
 * check may wait for a connect timeout or a slow command, and the engine must not. Each answers
 * null when the check passed, else a short reason ("connection refused", "HTTP 503", "exit
 * status 1"). {@code log:} checks are not probed; they watch the output (see {@link ReadyLogTap}).
 */
final class ReadyProbes {
    /** No probe waits longer than this, whatever the interval. */
    private static final long MAX_WAIT_MILLIS = 10_000;

    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "jsupervisor-ready-check");
        t.setDaemon(true);
        return t;
    });

    /** Runs {@code check} with at most {@code waitMillis} for its answer. */
    CompletableFuture<String> probe(ReadyCheck check, long waitMillis) {
        long wait = Math.max(100, Math.min(MAX_WAIT_MILLIS, waitMillis));
        return CompletableFuture.supplyAsync(() -> run(check, (int) wait), threads);
    }

    void shutdown() {
        threads.shutdownNow();
    }

    private static String run(ReadyCheck check, int waitMillis) {
        try {
            if (check instanceof ReadyCheck.Tcp tcp) {
                return tcp(tcp, waitMillis);
            }
            if (check instanceof ReadyCheck.Http http) {
                return http(http, waitMillis);
            }
            if (check instanceof ReadyCheck.Exec exec) {
                return exec(exec, waitMillis);
            }
            return "not a probed check: " + check.configValue();
        } catch (IOException e) {
            return reason(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (RuntimeException e) {
            return String.valueOf(e);
        }
    }

    private static String tcp(ReadyCheck.Tcp tcp, int waitMillis) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(tcp.host(), tcp.port()), waitMillis);
            return null;
        }
    }

    private static String http(ReadyCheck.Http http, int waitMillis) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(http.url()).toURL().openConnection();
        c.setConnectTimeout(waitMillis);
        c.setReadTimeout(waitMillis);
        c.setInstanceFollowRedirects(false);
        try {
            int status = c.getResponseCode();
            try (InputStream body = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                if (body != null) {
                    body.readNBytes(64 * 1024); // let the connection be reused or closed cleanly
                }
            }
            return status >= 200 && status < 400 ? null : "HTTP " + status;
        } finally {
            c.disconnect();
        }
    }

    /**
     * The command under {@code /bin/sh -c}, through the JDK: the engine's reaper leaves children
     * it did not spawn to the JDK's own (see {@link Reaper}).
     */
    private static String exec(ReadyCheck.Exec exec, int waitMillis) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/bin/sh", "-c", exec.command())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        if (!p.waitFor(waitMillis, TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            return "command still running after " + waitMillis + " ms";
        }
        return p.exitValue() == 0 ? null : "exit status " + p.exitValue();
    }

    /** "connection refused" rather than a class name and a stack of causes. */
    private static String reason(IOException e) {
        String message = e.getMessage();
        String text = message == null ? e.getClass().getSimpleName() : message;
        return text.toLowerCase(java.util.Locale.ROOT).replace(" (connection refused)", "");
    }
}
