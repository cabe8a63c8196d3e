package io.jsupervisor.core.internal.engine;

import io.jsupervisor.api.config.LogStreamConfig;
import io.jsupervisor.api.config.ProcessConfig;
import io.jsupervisor.core.internal.log.RotatingLogFile;
import io.jsupervisor.pycompat.PyRepr;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * One process's output: where its stdout and stderr logs are, and the pumps that read the
 * current child's pipes into them. Engine thread only, except {@link #awaitDrained}.
 */
final class ProcessOutput {
    private final java.util.concurrent.atomic.AtomicLong stdoutBytes = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong stderrBytes = new java.util.concurrent.atomic.AtomicLong();
    /** The log files of one spawn, open before the child exists so a failure costs no child. */
    record Logs(RotatingLogFile stdout, RotatingLogFile stderr) {
        void close() {
            if (stdout != null) {
                stdout.close();
            }
            if (stderr != null) {
                stderr.close();
            }
        }
    }

    private final ProcessConfig config;
    private final EngineContext ctx;
    private final Path stdoutAuto;
    private final Path stderrAuto;
    private final List<OutputPump> pumps = new ArrayList<>();

    /** @param stdoutAuto the AUTO log file made in childlogdir, or null (likewise stderrAuto) */
    ProcessOutput(ProcessConfig config, EngineContext ctx, Path stdoutAuto, Path stderrAuto) {
        this.config = config;
        this.ctx = ctx;
        this.stdoutAuto = stdoutAuto;
        this.stderrAuto = stderrAuto;
    }

    /** The stdout or stderr log file this process writes, or null when it keeps none. */
    String logfile(boolean stderr) {
        LogStreamConfig c = stderr ? config.stderr() : config.stdout();
        if (stderr && config.redirectStderr()) {
            return null;
        }
        switch (c.target()) {
            case AUTO:
                Path auto = stderr ? stderrAuto : stdoutAuto;
                return auto == null ? null : auto.toString();
            case FILE:
                return c.path();
            default:
                return null;
        }
    }

    /** Opens the log files for a spawn (stderr's only when it is not redirected). */
    Logs open() throws IOException {
        RotatingLogFile out = open(false);
        try {
            return new Logs(out, config.redirectStderr() ? null : open(true));
        } catch (IOException e) {
            if (out != null) {
                out.close();
            }
            throw e;
        }
    }

    private RotatingLogFile open(boolean stderr) throws IOException {
        String file = logfile(stderr);
        if (file == null) {
            return null;
        }
        LogStreamConfig c = stderr ? config.stderr() : config.stdout();
        return new RotatingLogFile(Path.of(file), c.maxbytes(), c.backups());
    }

    /**
     * Starts reading a new child's pipes into {@code logs}.
     * @param stderrFd the child's stderr pipe, or -1 when it goes to stdout
     * @param stdoutCapture the capture-mode limit for stdout (0 for a listener's protocol channel)
     */
    /** Bytes this process's children wrote to stdout and stderr (reactor thread writes, anyone reads). */
    long bytesWritten(boolean stderr) {
        return (stderr ? stderrBytes : stdoutBytes).get();
    }

    void attach(int stdoutFd, int stderrFd, Logs logs, OutputPump.Tap stdoutTap, OutputPump.Tap stderrTap,
            long stdoutCapture) {
        String name = config.name();
        boolean strip = ctx.stripAnsi();
        pumps.clear();
        OutputPump stdout = new OutputPump(logs.stdout(), strip, ctx.log(), name + " stdout", stdoutTap, stdoutCapture,
                config.stdout().linePrefix(), stdoutBytes);
        pumps.add(stdout);
        OutputPump stderr = null;
        if (stderrFd >= 0) {
            stderr = new OutputPump(logs.stderr(), strip, ctx.log(), name + " stderr", stderrTap,
                    config.stderr().captureMaxbytes(), config.stderr().linePrefix(), stderrBytes);
            pumps.add(stderr);
        }
        watch(stdoutFd, stdout);
        if (stderr != null) {
            watch(stderrFd, stderr);
        }
    }

    /** Hands a pipe to the reactor; if it cannot take it, the pipe is closed and its log too. */
    private void watch(int fd, OutputPump pump) {
        try {
            ctx.outputReactor().register(fd, pump);
        } catch (IOException e) {
            ctx.closeDescriptor(fd);
            pump.end();
            ctx.log().error("cannot read the output of " + PyRepr.repr(config.name()) + ": " + e.getMessage());
        }
    }

    void reopen() {
        pumps.forEach(OutputPump::reopen);
    }

    /**
     * Empties the stdout and stderr logs. While the child's output is read, its pumps remove the
     * files and open new, empty ones, as the reference does. Once the output has ended the files
     * are emptied in place (kept, so reads answer an empty log and a restart appends to them):
     * the reference does nothing then, which leaves a stopped program's old output in place,
     * but clearing is what was asked for.
     */
    void clear() throws IOException {
        boolean cleared = false;
        for (OutputPump p : pumps) {
            cleared |= p.clear();
        }
        if (!cleared) {
            for (String file : new String[] {logfile(false), logfile(true)}) {
                if (file != null && Files.isRegularFile(Path.of(file))) {
                    Files.newOutputStream(Path.of(file), StandardOpenOption.WRITE,
                            StandardOpenOption.TRUNCATE_EXISTING).close();
                }
            }
        }
    }

    /** Waits (bounded) for the pumps to write everything the child wrote; for tests and shutdown. */
    void awaitDrained(long millis) throws InterruptedException {
        for (OutputPump p : pumps) {
            p.awaitDrained(millis);
        }
    }
}
