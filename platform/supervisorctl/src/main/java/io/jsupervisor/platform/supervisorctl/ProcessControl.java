package io.jsupervisor.platform.supervisorctl;

import io.jsupervisor.platform.supervisorctl.RpcClient.Fault;
import java.util.List;
import java.util.Map;

/** The actions on processes by name: start, stop, signal, restart, clear; each a formatter of its results. */
final class ProcessControl extends ActionGroup {
    private static final TargetApplier.Spec START = new TargetApplier.Spec("supervisor.startAllProcesses",
            "supervisor.startProcessGroup", "supervisor.startProcess", "started", ProcessControl::startLine,
            Supervisorctl.ALREADY_STARTED, Supervisorctl.INVALID_ARGS, true);
    private static final TargetApplier.Spec STOP = new TargetApplier.Spec("supervisor.stopAllProcesses",
            "supervisor.stopProcessGroup", "supervisor.stopProcess", "stopped", r -> signalLine(r, "stopped"),
            Supervisorctl.NOT_RUNNING, Supervisorctl.GENERIC);
    private static final TargetApplier.Spec SIGNAL = new TargetApplier.Spec("supervisor.signalAllProcesses",
            "supervisor.signalProcessGroup", "supervisor.signalProcess", "signalled",
            r -> signalLine(r, "signalled"), -1, Supervisorctl.GENERIC);
    // as the reference, clear passes group:* on as a process name
    private static final TargetApplier.Spec CLEAR = new TargetApplier.Spec("supervisor.clearAllProcessLogs",
            null, "supervisor.clearProcessLogs", "cleared", ProcessControl::clearLine, -1, Supervisorctl.GENERIC);

    ProcessControl(Supervisorctl ctl) {
        super(ctl);
    }

    void start(String arg) throws Fault {
        applyToNames("start", arg, START, Supervisorctl.INVALID_ARGS);
    }

    void stop(String arg) throws Fault {
        applyToNames("stop", arg, STOP, Supervisorctl.GENERIC);
    }

    void clear(String arg) throws Fault {
        applyToNames("clear", arg, CLEAR, Supervisorctl.GENERIC);
    }

    private void applyToNames(String action, String arg, TargetApplier.Spec spec, int noNameExit) throws Fault {
        if (!ctl.upcheck()) {
            return;
        }
        List<String> names = Supervisorctl.words(arg);
        if (names.isEmpty()) {
            misused(action, "Error: " + action + " requires a process name", noNameExit);
            return;
        }
        new TargetApplier(ctl).apply(spec, names);
    }

    void signal(String arg) throws Fault {
        if (!ctl.upcheck()) {
            return;
        }
        List<String> args = Supervisorctl.words(arg);
        if (args.size() < 2) {
            misused("signal", "Error: signal requires a signal name and a process name", Supervisorctl.GENERIC);
            return;
        }
        new TargetApplier(ctl).apply(SIGNAL, args.subList(1, args.size()), args.get(0));
    }

    void restart(String arg) throws Fault {
        if (!ctl.upcheck()) {
            return;
        }
        if (Supervisorctl.words(arg).isEmpty()) {
            misused("restart", "Error: restart requires a process name", Supervisorctl.GENERIC);
            return;
        }
        stop(arg);
        start(arg);
    }

    private static String startLine(Map<String, Object> r) {
        String name = Namespecs.namespec(r.get("group"), r.get("name"));
        int c = TargetApplier.code(r);
        String t = name + ": ERROR (%s)";
        return switch (c) {
            case Supervisorctl.BAD_NAME -> t.formatted("no such process");
            case Supervisorctl.NO_FILE -> t.formatted("no such file");
            case Supervisorctl.NOT_EXECUTABLE -> t.formatted("file is not executable");
            case Supervisorctl.ALREADY_STARTED -> t.formatted("already started");
            case Supervisorctl.SPAWN_ERROR -> t.formatted("spawn error");
            case Supervisorctl.ABNORMAL_TERMINATION -> t.formatted("abnormal termination");
            case Supervisorctl.SUCCESS -> name + ": started";
            default -> throw new IllegalStateException("Unknown result code " + c + " for " + name);
        };
    }

    private static String signalLine(Map<String, Object> r, String success) {
        String name = Namespecs.namespec(r.get("group"), r.get("name"));
        int c = TargetApplier.code(r);
        String t = name + ": ERROR (%s)";
        return switch (c) {
            case Supervisorctl.BAD_NAME -> t.formatted("no such process");
            case Supervisorctl.BAD_SIGNAL -> t.formatted("bad signal name");
            case Supervisorctl.NOT_RUNNING -> t.formatted("not running");
            case Supervisorctl.SUCCESS -> name + ": " + success;
            case Supervisorctl.FAILED -> String.valueOf(r.get("description"));
            default -> throw new IllegalStateException("Unknown result code " + c + " for " + name);
        };
    }

    private static String clearLine(Map<String, Object> r) {
        String name = Namespecs.namespec(r.get("group"), r.get("name"));
        return switch (TargetApplier.code(r)) {
            case Supervisorctl.BAD_NAME -> name + ": ERROR (no such process)";
            case Supervisorctl.FAILED -> name + ": ERROR (failed)";
            case Supervisorctl.SUCCESS -> name + ": cleared";
            default -> throw new IllegalStateException("Unknown result code " + TargetApplier.code(r) + " for " + name);
        };
    }
}
