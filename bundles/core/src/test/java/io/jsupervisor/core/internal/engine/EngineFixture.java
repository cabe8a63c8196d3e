package io.jsupervisor.core.internal.engine;

import static org.junit.jupiter.api.Assertions.fail;

import io.jsupervisor.api.config.SupervisorConfig;
import io.jsupervisor.api.process.ProcessInfo;
import io.jsupervisor.api.process.ProcessState;
import io.jsupervisor.api.process.SupervisorState;
import io.jsupervisor.config.ConfigEnvironment;
import io.jsupervisor.config.ConfigReader;
import io.jsupervisor.core.internal.log.ActivityLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

/**
 * A real engine on a real config in a temp dir, with real children. Records every state change
 * (with a monotonic timestamp) and reads the activity log back.
 */
final class EngineFixture implements AutoCloseable {
    static final POSIX POSIX_NATIVE = POSIXFactory.getNativePOSIX();

    record Transition(String name, ProcessState from, ProcessState to, long nanos, int pid) {}

    final Path dir;
    /** The config file; rewrite it to test reloadConfig. */
    final Path conf;
    final Engine engine;
    final Path activityLog;
    final List<Transition> transitions = new ArrayList<>();
    private final ActivityLog log;
    private final String header;

    /** {@code programs} is the config after the [supervisord] section; %(here)s is the temp dir. */
    EngineFixture(Path dir, String programs) throws Exception {
        this(dir, programs, "debug");
    }

    EngineFixture(Path dir, String programs, String loglevel) throws Exception {
        this(dir, programs, loglevel, new io.jsupervisor.core.internal.event.EventBus());
    }

    /** @param bus the in-JVM listeners' bus, for tests that subscribe to it */
    EngineFixture(Path dir, String programs, String loglevel, io.jsupervisor.core.internal.event.EventBus bus)
            throws Exception {
        this.dir = dir;
        this.activityLog = dir.resolve("supervisord.log");
        String text = "[supervisord]\nlogfile=%(here)s/supervisord.log\npidfile=%(here)s/supervisord.pid\n"
                + "childlogdir=%(here)s\nloglevel=" + loglevel + "\n\n" + programs;
        Path conf = dir.resolve("supervisord.conf");
        Files.writeString(conf, text);
        this.header = "[supervisord]\nlogfile=%(here)s/supervisord.log\npidfile=%(here)s/supervisord.pid\n"
                + "childlogdir=%(here)s\nloglevel=" + loglevel + "\n\n";
        this.conf = conf;
        SupervisorConfig config = new ConfigReader(ConfigEnvironment.system()).read(conf, Map.of());
        log = new ActivityLog(activityLog.toString(), 0, 0, config.supervisord().loglevel(), null);
        engine = new Engine(config, () -> new ConfigReader(ConfigEnvironment.system()).read(conf, Map.of()), log,
                POSIX_NATIVE, System.getenv(), bus);
        engine.addListener((info, from) -> {
            synchronized (transitions) {
                transitions.add(new Transition(info.name(), from, info.state(), System.nanoTime(), info.pid()));
            }
        });
        engine.start();
        engine.release();
    }

    /** Replaces the programs of the config file (the [supervisord] section stays). */
    void rewritePrograms(String programs) throws IOException {
        Files.writeString(conf, header + programs);
    }

    List<Transition> transitions(String name) {
        synchronized (transitions) {
            return transitions.stream().filter(t -> t.name().equals(name)).toList();
        }
    }

    List<ProcessState> states(String name) {
        return transitions(name).stream().map(Transition::to).toList();
    }

    ProcessInfo info(String name) {
        return engine.processInfo(name);
    }

    void awaitState(String name, ProcessState state, long seconds) throws InterruptedException {
        await(() -> info(name).state() == state, seconds,
                () -> name + " never reached " + state + "; states " + states(name) + "\n" + logText());
    }

    static void await(BooleanSupplier condition, long seconds, java.util.function.Supplier<String> what)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail(what.get());
            }
            Thread.sleep(20);
        }
    }

    /** Waits until {@code file} holds exactly {@code expected} (a child's output arrives late). */
    static void awaitFile(Path file, String expected, long seconds) throws InterruptedException {
        await(() -> {
            try {
                return Files.readString(file).equals(expected);
            } catch (IOException e) {
                return false;
            }
        }, seconds, () -> file + " never held " + expected);
    }

    String logText() {
        try {
            return Files.readString(activityLog, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The activity log's messages without timestamps and levels' padding: {@code INFO spawned: ...}. */
    List<String> logLines() {
        List<String> out = new ArrayList<>();
        for (String line : logText().split("\n")) {
            if (line.length() > 24) {
                out.add(line.substring(24));
            }
        }
        return out;
    }

    String stdoutLog(String name) throws IOException {
        return Files.readString(Path.of(info(name).stdoutLogfile()));
    }

    SupervisorState shutdown() throws Exception {
        engine.shutdown();
        return engine.termination().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        if (!engine.termination().toCompletableFuture().isDone()) {
            shutdown();
        }
        log.close();
    }
}
