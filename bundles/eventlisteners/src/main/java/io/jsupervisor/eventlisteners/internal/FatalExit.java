package io.jsupervisor.eventlisteners.internal;

import io.jsupervisor.api.config.LogLevel;
import io.jsupervisor.api.event.Event;
import io.jsupervisor.api.event.EventType;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code type = fatal-exit}: when a listed program goes FATAL (and, with
 * {@code on = fatal,unexpected-exit}, when it exits with an unexpected status), log why and shut
 * the daemon down with {@code exit_status} (default 1), so a container running the daemon as
 * its main process stops and its orchestrator sees the failure.
 */
final class FatalExit extends Listener {
    static final Set<String> OPTIONS = Set.of("programs", "on", "exit_status");

    private final Programs programs;
    private final Set<EventType> types;
    private final int exitStatus;
    private final AtomicBoolean fired = new AtomicBoolean();

    FatalExit(String name, Control control, Programs programs, Set<EventType> types, int exitStatus) {
        super(name, control);
        this.programs = programs;
        this.types = types;
        this.exitStatus = exitStatus;
    }

    static FatalExit create(Options o, Control control) {
        o.allowOnly(OPTIONS);
        Programs programs = Programs.parse(o.required("programs"));
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        for (String on : o.string("on", "fatal").split(",")) {
            switch (on.strip()) {
                case "fatal":
                    types.add(EventType.PROCESS_STATE_FATAL);
                    break;
                case "unexpected-exit":
                    types.add(EventType.PROCESS_STATE_EXITED);
                    break;
                case "":
                    break;
                default:
                    throw new IllegalArgumentException("on = " + o.string("on", "")
                            + ": expected fatal, unexpected-exit or both (comma-separated)");
            }
        }
        if (types.isEmpty()) {
            throw new IllegalArgumentException("on is empty");
        }
        return new FatalExit(o.name(), control, programs, types, o.integer("exit_status", 1, 0, 255));
    }

    @Override
    Set<EventType> types() {
        return types;
    }

    @Override
    String describe() {
        return "fatal-exit: exit status " + exitStatus + " when " + programs + " "
                + (types.size() == 2 ? "goes FATAL or exits unexpectedly" : types.contains(EventType.PROCESS_STATE_FATAL)
                        ? "goes FATAL" : "exits unexpectedly");
    }

    /** The reason to shut down for {@code e}, or null. */
    String reason(Event e) {
        if (!types.contains(e.type()) || !programs.matches(e.groupName(), e.processName())) {
            return null;
        }
        String who = e.groupName() == null || e.groupName().equals(e.processName())
                ? e.processName() : e.groupName() + ":" + e.processName();
        if (e.type() == EventType.PROCESS_STATE_FATAL) {
            return who + " is FATAL";
        }
        if (e.type() == EventType.PROCESS_STATE_EXITED && "0".equals(e.field("expected"))) {
            return who + " exited unexpectedly (pid " + e.field("pid") + ")";
        }
        return null;
    }

    @Override
    public void onEvent(Event e) {
        String reason = reason(e);
        if (reason != null && fired.compareAndSet(false, true)) {
            log(LogLevel.CRITICAL, reason + ": shutting the daemon down with exit status " + exitStatus);
            control.shutdown(exitStatus);
        }
    }
}
