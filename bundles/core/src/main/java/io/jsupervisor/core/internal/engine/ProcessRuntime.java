package io.jsupervisor.core.internal.engine;

import io.jsupervisor.api.config.LogStreamConfig;
import io.jsupervisor.api.config.ProcessConfig;
import io.jsupervisor.api.event.Event;
import io.jsupervisor.api.event.EventType;
import io.jsupervisor.api.process.Fault;
import io.jsupervisor.api.process.ProcessInfo;
import io.jsupervisor.api.process.ProcessState;
import io.jsupervisor.api.process.Signals;
import io.jsupervisor.api.process.SupervisorException;
import io.jsupervisor.core.internal.log.ActivityLog;
import io.jsupervisor.pycompat.PyRepr;
import io.jsupervisor.core.internal.log.RotatingLogFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One process and its state machine, touched only by the engine thread. The transitions, their
 * timing rules and the activity-log lines follow the reference's Subprocess: spawn, kill, finish
 * (a reaped exit) and transition (the periodic step that starts, promotes, retries, gives up and
 * escalates to SIGKILL).
 */
final class ProcessRuntime {
    private static final long NANOS = TimeUnit.SECONDS.toNanos(1);

    final ProcessConfig config;
    final String groupName;
    private final EngineContext ctx;

    ProcessState state = ProcessState.STOPPED;
    int pid;
    /** Wall-clock seconds of the last spawn and exit, for getProcessInfo; 0 = never. */
    long laststartWall;
    long laststopWall;
    /** Monotonic time of the last spawn; 0 = never spawned (the reference's laststart test). */
    long laststart;
    long delay;
    int backoff;
    boolean killing;
    String spawnerr;
    Integer exitstatus;
    private long laststopreport;
    /** No "waiting for" line before this (nanoTime), see {@link #deferStopReport}. */
    private long firstStopReport;
    private StdinWriter stdinWriter;
    private final List<OutputPump> pumps = new ArrayList<>();
    private final Path stdoutAuto;
    private final Path stderrAuto;
    private final List<Waiter> waiters = new ArrayList<>();
    /** For an [eventlistener:x] process: its protocol state and its pool; else null. */
    ListenerProtocol listener;
    ListenerPool pool;
    /** For an [fcgi-program:x] process: its pool's socket, and this process's hold on it. */
    FcgiSocket fcgiSocket;
    private FcgiSocket.Lease socketLease;
    /** Whether the last exit was one of exitcodes (the EXITED event's {@code expected}). */
    private boolean lastExitExpected = true;

    /** A caller waiting for this process to reach a state (deferred start or stop). */
    private record Waiter(CompletableFuture<Boolean> future, boolean forStart) {}

    ProcessRuntime(ProcessConfig config, String groupName, EngineContext ctx, Path stdoutAuto, Path stderrAuto) {
        this.config = config;
        this.groupName = groupName;
        this.ctx = ctx;
        this.stdoutAuto = stdoutAuto;
        this.stderrAuto = stderrAuto;
    }

    private ActivityLog log() {
        return ctx.log();
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

    ProcessInfo info(long nowWall) {
        String out = logfile(false);
        String err = logfile(true);
        return new ProcessInfo(config.name(), groupName, laststartWall, laststopWall, nowWall, state,
                spawnerr == null ? "" : spawnerr, exitstatus == null ? 0 : exitstatus,
                out == null ? "" : out, err == null ? "" : err, pid);
    }

    private void changeState(ProcessState next) {
        ProcessState previous = state;
        if (next == previous) {
            return;
        }
        state = next;
        if (next == ProcessState.BACKOFF) {
            backoff++;
            delay = ctx.nanoTime() + backoff * NANOS;
        }
        ctx.stateChanged(this, previous,
                EventPayloads.processState(config.name(), groupName, previous, next, backoff, lastExitExpected, pid));
    }

    /** For a listener: bytes to its stdin (an event envelope), in order, off the engine thread. */
    void writeToListener(byte[] data) {
        if (stdinWriter != null) {
            stdinWriter.writeEnvelope(data);
        }
    }

    /**
     * What watches a pipe's output besides the log: for a listener's stdout the protocol (on
     * the engine thread), else log events and capture events when configured; null for none.
     */
    private OutputPump.Tap tapFor(boolean stderr, int childPid) {
        OutputPump.Tap events = eventTapFor(stderr, childPid);
        OutputPump.Tap handlers = handlerTapFor(stderr);
        if (events == null || handlers == null) {
            return events == null ? handlers : events;
        }
        return new OutputPump.Tap() {
            @Override
            public void output(byte[] data, boolean inCapture) {
                events.output(data, inCapture);
                handlers.output(data, inCapture);
            }

            @Override
            public void captured(byte[] data) {
                events.captured(data);
            }
        };
    }

    /**
     * The bundles' log handlers (syslog) get this stream's output when its config asks for
     * syslog, or when a handler takes every child's output; null when neither holds.
     */
    private OutputPump.Tap handlerTapFor(boolean stderr) {
        io.jsupervisor.core.internal.log.LogHandlers h = ctx.logHandlers();
        LogStreamConfig c = stderr ? config.stderr() : config.stdout();
        if (h == null || h.isEmpty() || (!c.syslog() && !h.wantsAllChildOutput())) {
            return null;
        }
        String channel = stderr ? "stderr" : "stdout";
        String name = config.name();
        String group = groupName;
        boolean syslog = c.syslog();
        return (data, inCapture) -> {
            if (inCapture) {
                return;
            }
            String text = new String(data, java.nio.charset.StandardCharsets.UTF_8);
            h.offer(new io.jsupervisor.api.log.LogRecord(io.jsupervisor.api.log.LogRecord.Source.CHILD,
                    System.currentTimeMillis(), io.jsupervisor.api.config.LogLevel.INFO, name, group, channel, text,
                    text, syslog));
        };
    }

    private OutputPump.Tap eventTapFor(boolean stderr, int childPid) {
        if (!stderr && listener != null) {
            return (data, inCapture) -> ctx.post(() -> {
                if (pid == childPid && listener != null) {
                    listener.feed(data);
                }
            });
        }
        LogStreamConfig c = stderr ? config.stderr() : config.stdout();
        boolean logEvents = c.eventsEnabled();
        boolean capture = c.captureMaxbytes() > 0;
        if (!logEvents && !capture) {
            return null;
        }
        String channel = stderr ? "stderr" : "stdout";
        String name = config.name();
        String group = groupName;
        return new OutputPump.Tap() {
            @Override
            public void output(byte[] data, boolean inCapture) {
                if (!logEvents) {
                    return;
                }
                Event e = EventPayloads.processLog(name, group, childPid, stderr, data);
                ctx.post(() -> ctx.publish(e));
            }

            @Override
            public void captured(byte[] data) {
                Event e = EventPayloads.processCommunication(name, group, childPid, stderr, data);
                ctx.post(() -> {
                    log().debug(PyRepr.repr(name) + " " + channel + " emitted a comm event");
                    ctx.publish(e);
                });
            }
        };
    }

    // ---- spawning -------------------------------------------------------------------------

    void spawn() {
        String name = config.name();
        if (pid != 0) {
            log().warn("process " + PyRepr.repr(name) + " already running");
            return;
        }
        killing = false;
        spawnerr = null;
        exitstatus = null;
        laststart = ctx.nanoTime();
        laststartWall = ctx.wallSeconds();
        changeState(ProcessState.STARTING);
        int socket = -1;
        if (fcgiSocket != null) {
            // the reference's before_spawn: the pool's socket exists while a process holds it
            try {
                socketLease = fcgiSocket.acquire();
                socket = socketLease.fd();
            } catch (IOException e) {
                recordSpawnerr("could not create FastCGI socket for '" + name + "': " + e.getMessage());
                changeState(ProcessState.BACKOFF);
                return;
            }
        }

        Spawner.Command command;
        try {
            command = ctx.spawner().resolve(config.command());
        } catch (Spawner.CommandException e) {
            releaseSocket();
            recordSpawnerr(e.getMessage());
            changeState(ProcessState.BACKOFF);
            return;
        }
        RotatingLogFile out = null;
        RotatingLogFile err = null;
        try {
            out = openLog(false);
            if (!config.redirectStderr()) {
                err = openLog(true);
            }
        } catch (IOException e) {
            closeQuietly(out);
            releaseSocket();
            recordSpawnerr(Errnos.dispatcherFailure(name, Errnos.of(e)));
            changeState(ProcessState.BACKOFF);
            return;
        }
        Spawner.Child child;
        try {
            child = ctx.spawner().spawn(command, ctx.childEnvironment(this), config.directory(), config.umask(),
                    config.user(), config.redirectStderr(), socket);
        } catch (Spawner.SpawnFailure e) {
            closeQuietly(out);
            closeQuietly(err);
            releaseSocket();
            recordSpawnerr(e.spawnerr(name));
            changeState(ProcessState.BACKOFF);
            return;
        }
        pid = child.pid();
        stdinWriter = new StdinWriter(child.stdin(), log(), name);
        if (listener != null) {
            listener.reset();
        }
        boolean strip = ctx.stripAnsi();
        pumps.clear();
        // a listener's stdout is the protocol channel: never in capture mode
        OutputPump stdout = new OutputPump(out, strip, log(), name + " stdout", tapFor(false, pid),
                listener != null ? 0 : config.stdout().captureMaxbytes());
        pumps.add(stdout);
        OutputPump stderr = null;
        if (child.stderr() >= 0) {
            stderr = new OutputPump(err, strip, log(), name + " stderr", tapFor(true, pid),
                    config.stderr().captureMaxbytes());
            pumps.add(stderr);
        }
        watchOutput(child.stdout(), stdout, name);
        if (stderr != null) {
            watchOutput(child.stderr(), stderr, name);
        }
        ctx.registerPid(pid, this);
        log().info("spawned: " + PyRepr.repr(name) + " with pid " + pid);
        spawnerr = null;
        delay = laststart + config.startsecs() * NANOS;
    }

    /** Hands a pipe to the reactor; if it cannot take it, the pipe is closed and its log too. */
    private void watchOutput(int fd, OutputPump pump, String name) {
        try {
            ctx.outputReactor().register(fd, pump);
        } catch (IOException e) {
            ctx.closeDescriptor(fd);
            pump.end();
            log().error("cannot read the output of " + PyRepr.repr(name) + ": " + e.getMessage());
        }
    }

    private RotatingLogFile openLog(boolean stderr) throws IOException {
        String file = logfile(stderr);
        if (file == null) {
            return null;
        }
        LogStreamConfig c = stderr ? config.stderr() : config.stdout();
        return new RotatingLogFile(Path.of(file), c.maxbytes(), c.backups());
    }

    private static void closeQuietly(RotatingLogFile f) {
        if (f != null) {
            f.close();
        }
    }

    private void recordSpawnerr(String message) {
        spawnerr = message;
        log().info("spawnerr: " + message);
    }

    // ---- stopping and signals ------------------------------------------------------------

    /** An administrative stop with the configured stop signal; returns an error message or null. */
    String stop() {
        laststopreport = 0;
        firstStopReport = 0;
        return kill(Signals.number(config.stopsignal()));
    }

    /** The reference's stop_report: while a caller waits, say every 2 s that we are waiting. */
    void stopReport() {
        if (state == ProcessState.STOPPING) {
            long now = ctx.nanoTime();
            if (now - firstStopReport < 0) {
                return;
            }
            if (laststopreport == 0 || now > laststopreport + 2 * NANOS) {
                log().info("waiting for " + config.name() + " to stop");
                laststopreport = now;
            }
        }
    }

    /**
     * For a group or all-process stop: the reference first asks after its 50 ms poll delay, so
     * children that end at once on the stop signal never get a "waiting for" line.
     */
    void deferStopReport(long nanos) {
        firstStopReport = ctx.nanoTime() + nanos;
    }

    /** When the next "waiting for" line may be due while a caller waits for a stop. */
    long nextStopReport() {
        return laststopreport == 0 ? firstStopReport : laststopreport + 2 * NANOS + 1;
    }

    void giveUp() {
        delay = 0;
        backoff = 0;
        changeState(ProcessState.FATAL);
    }

    String kill(int sig) {
        String name = config.name();
        if (state == ProcessState.BACKOFF) {
            log().debug("Attempted to kill " + name + ", which is in BACKOFF state.");
            changeState(ProcessState.STOPPED);
            return null;
        }
        if (pid == 0) {
            String msg = "attempted to kill " + name + " with sig " + Signals.signame(sig) + " but it wasn't running";
            log().debug(msg);
            return msg;
        }
        boolean asGroup = state == ProcessState.STOPPING ? config.killasgroup() : config.stopasgroup();
        log().debug("killing " + name + " (pid " + pid + ") " + (asGroup ? "process group " : "")
                + "with signal " + Signals.signame(sig));
        killing = true;
        delay = ctx.nanoTime() + config.stopwaitsecs() * NANOS;
        changeState(ProcessState.STOPPING);
        int target = asGroup ? -pid : pid;
        int errno = ctx.kill(target, sig);
        if (errno != 0) {
            if (ctx.isNoSuchProcess(errno)) {
                log().debug("unable to signal " + name + " (pid " + pid + "), it probably just exited on its own");
                return null;
            }
            String msg = "unknown problem killing " + name + " (" + pid + "): errno " + errno;
            log().critical(msg);
            changeState(ProcessState.UNKNOWN);
            killing = false;
            delay = 0;
            return msg;
        }
        return null;
    }

    /** Sends a signal without intending to stop the process; returns an error message or null. */
    String signal(int sig) {
        String name = config.name();
        if (pid == 0) {
            String msg = "attempted to send " + name + " sig " + Signals.signame(sig) + " but it wasn't running";
            log().debug(msg);
            return msg;
        }
        log().debug("sending " + name + " (pid " + pid + ") sig " + Signals.signame(sig));
        int errno = ctx.kill(pid, sig);
        if (errno != 0) {
            if (ctx.isNoSuchProcess(errno)) {
                log().debug("unable to signal " + name + " (pid " + pid + "), it probably just now exited on its own");
                return null;
            }
            String msg = "unknown problem sending sig " + name + " (" + pid + "): errno " + errno;
            log().critical(msg);
            changeState(ProcessState.UNKNOWN);
            return msg;
        }
        return null;
    }

    // ---- exit ------------------------------------------------------------------------------

    /** The child was reaped with this wait status. */
    void finish(int rawStatus) {
        WaitStatus ws = WaitStatus.decode(rawStatus);
        long now = ctx.nanoTime();
        laststopWall = ctx.wallSeconds();
        String name = config.name();
        boolean tooQuickly = now - laststart < config.startsecs() * NANOS;
        boolean expected = config.exitcodes().contains(ws.exitStatus());
        lastExitExpected = expected;

        if (killing) {
            killing = false;
            delay = 0;
            exitstatus = ws.exitStatus();
            changeState(ProcessState.STOPPED);
            String msg = "stopped: " + name + " (" + ws.description() + ")";
            if (expected) {
                log().info(msg);
            } else {
                log().warn(msg);
            }
        } else if (tooQuickly) {
            exitstatus = null;
            spawnerr = "Exited too quickly (process log may have details)";
            changeState(ProcessState.BACKOFF);
            log().warn("exited: " + name + " (" + ws.description() + "; not expected)");
        } else {
            delay = 0;
            backoff = 0;
            exitstatus = ws.exitStatus();
            if (state == ProcessState.STARTING) {
                changeState(ProcessState.RUNNING);
            }
            if (expected) {
                changeState(ProcessState.EXITED);
                log().info("exited: " + name + " (" + ws.description() + "; expected)");
            } else {
                spawnerr = "Bad exit code " + ws.exitStatus();
                changeState(ProcessState.EXITED);
                log().warn("exited: " + name + " (" + ws.description() + "; not expected)");
            }
        }
        pid = 0;
        closeStdin();
        releaseSocket();
        // a listener that dies holding an event did not answer it: the pool sends it again
        if (listener != null && listener.event != null) {
            Delivery d = listener.event;
            listener.event = null;
            pool.rejected(d);
        }
    }

    /** The reference's after_finish: this process no longer holds its pool's socket. */
    private void releaseSocket() {
        if (socketLease != null) {
            socketLease.release();
            socketLease = null;
        }
    }

    private void closeStdin() {
        if (stdinWriter != null) {
            stdinWriter.close();
            stdinWriter = null;
        }
    }


    void reopenLogs() {
        pumps.forEach(OutputPump::reopen);
    }

    /**
     * Empties the stdout and stderr logs. While the child's output is read, its pumps remove the
     * files and open new, empty ones, as the reference does. Once the output has ended the files
     * are emptied in place (kept, so reads answer an empty log and a restart appends to them):
     * the reference does nothing then, which leaves a stopped program's old output in place,
     * but clearing is what was asked for.
     */
    void clearLogs() throws IOException {
        boolean cleared = false;
        for (OutputPump p : pumps) {
            cleared |= p.clear();
        }
        if (!cleared) {
            for (String file : new String[] {logfile(false), logfile(true)}) {
                if (file != null && Files.isRegularFile(Path.of(file))) {
                    Files.newOutputStream(Path.of(file), java.nio.file.StandardOpenOption.WRITE,
                            java.nio.file.StandardOpenOption.TRUNCATE_EXISTING).close();
                }
            }
        }
    }

    /** Queues bytes for the child's stdin, written off the engine thread in order. */
    void sendStdin(byte[] data) {
        if (pid == 0 || killing) {
            throw new SupervisorException(Fault.NOT_RUNNING, namespec());
        }
        if (stdinWriter == null) {
            throw new SupervisorException(Fault.NO_FILE, namespec());
        }
        stdinWriter.write(data);
    }

    // ---- the periodic step -----------------------------------------------------------------

    void transition(boolean startsAllowed) {
        long now = ctx.nanoTime();
        ProcessState s = state;
        if (startsAllowed) {
            if (s == ProcessState.EXITED) {
                switch (config.autorestart()) {
                    case TRUE:
                        spawn();
                        break;
                    case UNEXPECTED:
                        if (exitstatus == null || !config.exitcodes().contains(exitstatus)) {
                            spawn();
                        }
                        break;
                    default:
                        break;
                }
            } else if (s == ProcessState.STOPPED && laststart == 0) {
                if (config.autostart()) {
                    spawn();
                }
            } else if (s == ProcessState.BACKOFF) {
                if (backoff <= config.startretries() && now > delay) {
                    spawn();
                }
            }
        }
        String name = config.name();
        // startsecs=0: a child spawned just now is RUNNING at once, as the reference's next pass
        // would make it (its loop runs transition before it reaps, so even a child that died
        // at once is RUNNING first); clients see RUNNING a loop pass sooner.
        boolean justSpawned = s != ProcessState.STARTING && config.startsecs() == 0;
        if (state == ProcessState.STARTING && (s == ProcessState.STARTING || justSpawned)) {
            if ((justSpawned ? ctx.nanoTime() : now) - laststart > config.startsecs() * NANOS) {
                delay = 0;
                backoff = 0;
                changeState(ProcessState.RUNNING);
                log().info("success: " + name + " entered RUNNING state, process has stayed up for > than "
                        + config.startsecs() + " seconds (startsecs)");
            }
        }
        if (s == ProcessState.BACKOFF && state == ProcessState.BACKOFF) {
            if (backoff > config.startretries()) {
                giveUp();
                log().info("gave up: " + name + " entered FATAL state, too many start retries too quickly");
            }
        } else if (s == ProcessState.STOPPING && state == ProcessState.STOPPING) {
            if (delay - now <= 0) {
                log().warn("killing " + PyRepr.repr(name) + " (" + pid + ") with SIGKILL");
                kill(Signals.number("KILL"));
            }
        }
    }

    /**
     * The next moment {@link #transition} has something to do for this process, in
     * {@link EngineContext#nanoTime()} terms, or {@code Long.MAX_VALUE}.
     */
    long nextDeadline() {
        switch (state) {
            case STARTING:
                return laststart + config.startsecs() * NANOS + 1;
            case BACKOFF:
                return backoff <= config.startretries() ? delay + 1 : Long.MIN_VALUE;
            case STOPPING:
                return delay;
            default:
                return Long.MAX_VALUE;
        }
    }

    // ---- callers waiting -------------------------------------------------------------------

    void awaitStarted(CompletableFuture<Boolean> future) {
        waiters.add(new Waiter(future, true));
        settleWaiters();
    }

    void awaitStopped(CompletableFuture<Boolean> future) {
        waiters.add(new Waiter(future, false));
        settleWaiters();
    }

    boolean hasStopWaiters() {
        for (Waiter w : waiters) {
            if (!w.forStart()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Completes the callers whose condition now holds. The engine calls this once the current
     * step is over, so that what the step logs is written before a caller sees the result.
     */
    void settleWaiters() {
        if (waiters.isEmpty()) {
            return;
        }
        // Completing a future runs what is chained on it right here (a batch's next look; the
        // callers' own continuations run on the loop's reply threads): decide first, complete
        // after, so nothing can change the waiter list while it is walked.
        List<Runnable> completions = new ArrayList<>();
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (w.forStart()) {
                // The reference's startProcess onwait, evaluated on every state change.
                if (spawnerr != null) {
                    SupervisorException e = new SupervisorException(Fault.SPAWN_ERROR, namespec());
                    completions.add(() -> w.future().completeExceptionally(e));
                } else if (state != ProcessState.STARTING && state != ProcessState.RUNNING) {
                    SupervisorException e = new SupervisorException(Fault.ABNORMAL_TERMINATION, namespec());
                    completions.add(() -> w.future().completeExceptionally(e));
                } else if (state == ProcessState.RUNNING) {
                    completions.add(() -> w.future().complete(true));
                } else {
                    continue;
                }
            } else {
                if (!ProcessState.STOPPED_STATES.contains(state)) {
                    continue;
                }
                completions.add(() -> w.future().complete(true));
            }
            it.remove();
        }
        completions.forEach(Runnable::run);
    }

    String namespec() {
        return groupName.equals(config.name()) ? config.name() : groupName + ":" + config.name();
    }

    /** For the environment: what SUPERVISOR_* the child sees, in the reference's order. */
    Map<String, String> supervisorVariables(String serverUrl) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("SUPERVISOR_ENABLED", "1");
        String url = config.serverurl() != null ? config.serverurl() : serverUrl;
        if (url != null && !url.isEmpty()) {
            vars.put("SUPERVISOR_SERVER_URL", url);
        }
        vars.put("SUPERVISOR_PROCESS_NAME", config.name());
        vars.put("SUPERVISOR_GROUP_NAME", groupName);
        return vars;
    }

    /** Waits (bounded) for the pumps to write everything the child wrote; for tests and shutdown. */
    void awaitOutputDrained(long millis) throws InterruptedException {
        for (OutputPump p : pumps) {
            p.awaitDrained(millis);
        }
    }
}
