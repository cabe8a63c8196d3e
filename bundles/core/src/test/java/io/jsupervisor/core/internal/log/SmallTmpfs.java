package io.jsupervisor.core.internal.log;

import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real, small tmpfs mounted on a directory, to make a disk full for real. Tests that cannot
 * mount (not root, no mount namespace rights) are skipped through a JUnit assumption.
 */
public final class SmallTmpfs implements AutoCloseable {
    private final Path mountPoint;
    private final Path filler;

    private SmallTmpfs(Path mountPoint) {
        this.mountPoint = mountPoint;
        this.filler = mountPoint.resolve(".filler");
    }

    /** Mounts a tmpfs of {@code size} (as mount's size= option, e.g. "1m") on {@code dir}. */
    public static SmallTmpfs mount(Path dir, String size) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String out = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
        if (out != null) {
            abort("cannot mount a tmpfs on " + dir + " here, so the full-disk test is skipped: " + out);
        }
        return new SmallTmpfs(dir);
    }

    public Path dir() {
        return mountPoint;
    }

    /** Fills the filesystem up to its last byte; returns how many bytes the filler took. */
    public long fill() throws IOException {
        try (OutputStream o = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND)) {
            byte[] page = new byte[4096];
            try {
                while (true) {
                    o.write(page);
                }
            } catch (IOException full) {
                // a short write took what the last page had
            }
        }
        return Files.size(filler);
    }

    /** Frees all the space the filler took. */
    public void free() throws IOException {
        Files.deleteIfExists(filler);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        String out = run("umount", "-l", mountPoint.toString());
        if (out != null) {
            throw new IOException("umount " + mountPoint + ": " + out);
        }
    }

    /** Runs a command; null on success, else its exit code and output. */
    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out";
        }
        return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + out;
    }
}
