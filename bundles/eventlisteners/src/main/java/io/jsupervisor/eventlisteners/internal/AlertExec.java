package io.jsupervisor.eventlisteners.internal;

import io.jsupervisor.api.config.LogLevel;
import io.jsupervisor.api.event.Event;
import io.jsupervisor.api.event.EventType;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code type = alert-exec}: on each subscribed event ({@code events}, default
 * {@code PROCESS_STATE_FATAL}; optionally only about {@code programs}) run {@code command} with
 * {@code /bin/sh -c} and the event in its environment (see {@link #environment}). Commands run
 * one at a time on this listener's own thread, never the engine's; one still running after
 * {@code timeout} seconds is killed with its descendants. Its output is discarded (redirect it
 * in the command); a non-zero exit is logged.
 */
final class AlertExec extends Listener {
    static final Set<String> OPTIONS = Set.of("programs", "command", "events", "timeout");
    static final String PREFIX = "JSUPERVISOR_";
    /** Runs $1 with nothing of ours open and prints its exit status. */
    static final String WRAPPER = "/bin/sh -c \"$1\" </dev/null >/dev/null 2>&1; echo $?";

    private final String command;
    private final Set<EventType> types;
    private final Programs programs;
    private final long timeoutMillis;

    AlertExec(String name, Control control, String command, Set<EventType> types, Programs programs, long timeoutMillis) {
        super(name, control);
        this.command = command;
        this.types = types;
        this.programs = programs;
        this.timeoutMillis = timeoutMillis;
    }

    static AlertExec create(Options o, Control control) {
        o.allowOnly(OPTIONS);
        String command = o.required("command");
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        for (String n : o.string("events", "PROCESS_STATE_FATAL").split("[,\\s]+")) {
            if (n.isBlank()) {
                continue;
            }
            types.add(EventType.byName(n.strip()).orElseThrow(
                    () -> new IllegalArgumentException("events: unknown event type " + n.strip())));
        }
        if (types.isEmpty()) {
            throw new IllegalArgumentException("events is empty");
        }
        Programs programs = o.has("programs") ? Programs.parse(o.required("programs")) : null;
        return new AlertExec(o.name(), control, command, types, programs, o.seconds("timeout", 30, 0.1));
    }

    @Override
    Set<EventType> types() {
        return types;
    }

    @Override
    String describe() {
        return "alert-exec: run '" + command + "' on " + types + (programs != null ? " of " + programs : "");
    }

    /**
     * Whether to run for {@code e}: with {@code programs}, only events about a listed process
     * or group (so none of TICK_* or SUPERVISOR_STATE_CHANGE_*).
     */
    boolean wants(Event e) {
        return programs == null || (e.groupName() != null && programs.matches(e.groupName(), e.processName()));
    }

    /**
     * The variables added to the daemon's environment: {@code JSUPERVISOR_LISTENER} (the
     * section's name), {@code JSUPERVISOR_EVENT_NAME}, {@code JSUPERVISOR_EVENT_TIME_MS} (when
     * the daemon raised it, epoch ms), {@code JSUPERVISOR_EVENT_PAYLOAD} (as an external
     * listener receives it), {@code JSUPERVISOR_EVENT_BODY} (types with a body) and one variable
     * per header token: {@code processname} and {@code groupname} as
     * {@code JSUPERVISOR_PROCESS_NAME} and {@code JSUPERVISOR_GROUP_NAME}, the others upper-cased
     * ({@code JSUPERVISOR_FROM_STATE}, {@code JSUPERVISOR_PID}, {@code JSUPERVISOR_EXPECTED},
     * {@code JSUPERVISOR_TRIES}, {@code JSUPERVISOR_WHEN}, ...).
     */
    Map<String, String> environment(Event e) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(PREFIX + "LISTENER", name);
        env.put(PREFIX + "EVENT_NAME", e.type().name());
        env.put(PREFIX + "EVENT_TIME_MS", Long.toString(e.timeMillis()));
        env.put(PREFIX + "EVENT_PAYLOAD", e.payload());
        if (e.type().hasBody()) {
            env.put(PREFIX + "EVENT_BODY", e.body());
        }
        e.fields().forEach((k, v) -> env.put(PREFIX + fieldVariable(k), v));
        return env;
    }

    static String fieldVariable(String field) {
        switch (field) {
            case "processname":
                return "PROCESS_NAME";
            case "groupname":
                return "GROUP_NAME";
            default:
                return field.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
        }
    }

    @Override
    public void onEvent(Event e) throws InterruptedException {
        if (types.stream().noneMatch(e.type()::isA) || !wants(e)) {
            return;
        }
        long lag = System.currentTimeMillis() - e.timeMillis();
        log(LogLevel.DEBUG, "running the command for " + e.type() + " (raised " + lag + " ms ago)");
        // The daemon reaps every child of its own with waitpid(-1), so it may collect our shell
        // before the JDK does (the JDK then sees status 0). The command therefore runs under a
        // second shell that prints its status on the pipe we read.
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", WRAPPER, "jsupervisor-alert-exec", command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(environment(e));
        Process p;
        try {
            p = pb.start();
        } catch (IOException ex) {
            log(LogLevel.ERROR, "could not run '" + command + "': " + ex.getMessage());
            return;
        }
        try {
            if (!p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                kill(p);
                log(LogLevel.WARN, "'" + command + "' for " + e.type() + " still running after "
                        + timeoutMillis / 1000.0 + " s: killed");
                return;
            }
        } catch (InterruptedException ie) {
            kill(p); // the listener is going away
            throw ie;
        }
        String status;
        try (InputStream in = p.getInputStream()) {
            status = new String(in.readNBytes(64), StandardCharsets.US_ASCII).strip();
        } catch (IOException ex) {
            status = "";
        }
        if (!status.equals("0")) {
            log(LogLevel.WARN, "'" + command + "' for " + e.type() + (status.isEmpty()
                    ? " ended without a status" : " exited with status " + status));
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException ie) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
