package io.jsupervisor.rpcinterface.internal.supervisor;

import static io.jsupervisor.rpcinterface.internal.supervisor.Namespecs.groupCall;
import static io.jsupervisor.rpcinterface.internal.supervisor.Namespecs.isGroup;
import static io.jsupervisor.rpcinterface.internal.supervisor.Namespecs.processName;
import static io.jsupervisor.rpcinterface.internal.supervisor.Namespecs.split;
import static io.jsupervisor.rpcinterface.internal.supervisor.PyValues.checkCount;
import static io.jsupervisor.rpcinterface.internal.supervisor.PyValues.namespec;
import static io.jsupervisor.rpcinterface.internal.supervisor.PyValues.normalise;
import static io.jsupervisor.rpcinterface.internal.supervisor.SignalValues.signalCrash;
import static io.jsupervisor.rpcinterface.internal.supervisor.SignalValues.signalText;
import static io.jsupervisor.rpcinterface.internal.supervisor.Stages.done;
import static io.jsupervisor.rpcinterface.internal.supervisor.Stages.map;
import static io.jsupervisor.rpcinterface.internal.supervisor.SupervisorNamespace.DaemonCheck.BY_METHOD;
import static io.jsupervisor.rpcinterface.internal.supervisor.SupervisorNamespace.DaemonCheck.NONE;
import static io.jsupervisor.rpcinterface.internal.supervisor.SupervisorNamespace.DaemonCheck.RUNNING;

import io.jsupervisor.api.config.ProcessGroupConfig;
import io.jsupervisor.api.config.SupervisorConfig;
import io.jsupervisor.api.process.Fault;
import io.jsupervisor.api.process.ProcessInfo;
import io.jsupervisor.api.process.ProcessManager;
import io.jsupervisor.api.process.ProcessResult;
import io.jsupervisor.api.process.ProcessState;
import io.jsupervisor.api.process.ReloadResult;
import io.jsupervisor.api.process.SupervisorException;
import io.jsupervisor.api.process.SupervisorState;
import io.jsupervisor.api.rpc.RpcHandler;
import io.jsupervisor.api.rpc.RpcMethod;
import io.jsupervisor.api.rpc.RpcNamespace;
import io.jsupervisor.pycompat.ReferenceVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The {@code supervisor} namespace: Supervisor 4.2.5's main RPC interface (API version 3.0) on a
 * {@link ProcessManager}. The table in {@link #table()} gives each method its argument count and
 * whether it needs a running daemon; {@link #rpc} checks both the way the reference's Python fails
 * on them. Signatures and help texts come from {@link MethodDocs}. Answers use XML-RPC types only.
 */
public final class SupervisorNamespace implements RpcNamespace {
    /** When a method refuses with SHUTDOWN_STATE (the reference's {@code _update}). */
    enum DaemonCheck {
        /** before the method runs, once the arguments are counted */
        RUNNING,
        /** the method checks it itself, later than the others do */
        BY_METHOD,
        /** never: the reference has no check for this method */
        NONE
    }

    private final ProcessManager manager;
    private final List<RpcMethod> methods;

    public SupervisorNamespace(ProcessManager manager) {
        this.manager = manager;
        this.methods = table();
    }

    @Override
    public List<RpcMethod> methods() {
        return methods;
    }

    /** The method called {@code name}, or null. */
    public RpcMethod method(String name) {
        for (RpcMethod m : methods) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        return null;
    }

    // ---- the method table: name, fewest and most arguments, daemon check, what it calls -------

    private List<RpcMethod> table() {
        return List.of(
                rpc("getAPIVersion", 0, 0, RUNNING, p -> getAPIVersion()),
                rpc("getVersion", 0, 0, RUNNING, p -> getAPIVersion()),
                rpc("getSupervisorVersion", 0, 0, RUNNING, p -> getSupervisorVersion()),
                rpc("getIdentification", 0, 0, RUNNING, p -> getIdentification()),
                rpc("getState", 0, 0, RUNNING, p -> getState()),
                rpc("getPID", 0, 0, RUNNING, p -> getPID()),
                rpc("readLog", 2, 2, RUNNING, p -> readLog(p.get(0), p.get(1))),
                rpc("readMainLog", 2, 2, RUNNING, p -> readLog(p.get(0), p.get(1))),
                rpc("clearLog", 0, 0, RUNNING, p -> clearLog()),
                rpc("shutdown", 0, 0, RUNNING, p -> shutdown()),
                rpc("restart", 0, 0, RUNNING, p -> restart()),
                rpc("reloadConfig", 0, 0, RUNNING, p -> reloadConfig()),
                rpc("addProcessGroup", 1, 1, RUNNING, p -> addProcessGroup(p.get(0))),
                rpc("removeProcessGroup", 1, 1, RUNNING, p -> removeProcessGroup(p.get(0))),
                rpc("startProcess", 1, 2, RUNNING, p -> startProcess(p.get(0), waitFlag(p, 1))),
                rpc("startProcessGroup", 1, 2, RUNNING, p -> startProcessGroup(p.get(0), waitFlag(p, 1))),
                rpc("startAllProcesses", 0, 1, RUNNING, p -> startAllProcesses(waitFlag(p, 0))),
                rpc("stopProcess", 1, 2, RUNNING, p -> stopProcess(p.get(0), waitFlag(p, 1))),
                rpc("stopProcessGroup", 1, 2, RUNNING, p -> stopProcessGroup(p.get(0), waitFlag(p, 1))),
                rpc("stopAllProcesses", 0, 1, RUNNING, p -> stopAllProcesses(waitFlag(p, 0))),
                rpc("signalProcess", 2, 2, RUNNING, p -> signalProcess(p.get(0), p.get(1))),
                rpc("signalProcessGroup", 2, 2, BY_METHOD, p -> signalProcessGroup(p.get(0), p.get(1))),
                rpc("signalAllProcesses", 1, 1, RUNNING, p -> signalAllProcesses(p.get(0))),
                rpc("getAllConfigInfo", 0, 0, RUNNING, p -> getAllConfigInfo()),
                rpc("getProcessInfo", 1, 1, RUNNING, p -> getProcessInfo(p.get(0))),
                rpc("getAllProcessInfo", 0, 0, RUNNING, p -> getAllProcessInfo()),
                rpc("readProcessStdoutLog", 3, 3, RUNNING, p -> readProcessLog(p, true)),
                rpc("readProcessLog", 3, 3, RUNNING, p -> readProcessLog(p, true)),
                rpc("readProcessStderrLog", 3, 3, RUNNING, p -> readProcessLog(p, false)),
                rpc("tailProcessStdoutLog", 3, 3, RUNNING, p -> tailProcessLog(p, true)),
                rpc("tailProcessLog", 3, 3, RUNNING, p -> tailProcessLog(p, true)),
                rpc("tailProcessStderrLog", 3, 3, RUNNING, p -> tailProcessLog(p, false)),
                rpc("clearProcessLogs", 1, 1, RUNNING, p -> clearProcessLogs(p.get(0))),
                rpc("clearProcessLog", 1, 1, RUNNING, p -> clearProcessLogs(p.get(0))),
                rpc("clearAllProcessLogs", 0, 0, RUNNING, p -> clearAllProcessLogs()),
                rpc("sendProcessStdin", 2, 2, RUNNING, p -> sendProcessStdin(p.get(0), p.get(1))),
                rpc("sendRemoteCommEvent", 2, 2, NONE, p -> sendRemoteCommEvent(p.get(0), p.get(1))));
    }

    /**
     * A method of the table: Python's {@code func(*params)} with too few or too many arguments is
     * INCORRECT_PARAMETERS, then (per {@code check}) a daemon that is stopping is SHUTDOWN_STATE.
     */
    private RpcMethod rpc(String name, int minArgs, int maxArgs, DaemonCheck check, RpcHandler call) {
        MethodDocs.Doc doc = MethodDocs.of(name);
        return new RpcMethod(name, List.of(doc.signature()), doc.help(), params -> {
            checkCount(params, minArgs, maxArgs);
            if (check == RUNNING) {
                requireRunning();
            }
            return call.invoke(params);
        });
    }

    /** The reference's {@code _update}: a request is refused once the daemon is stopping. */
    private void requireRunning() {
        if (manager.state().code() < SupervisorState.RUNNING.code()) {
            throw new SupervisorException(Fault.SHUTDOWN_STATE, null);
        }
    }

    /** An optional {@code wait} argument: true when it is not given. */
    private static boolean waitFlag(List<Object> params, int index) {
        return params.size() <= index || PyValues.truthy(params.get(index));
    }

    // ---- the daemon ------------------------------------------------------------------------

    private CompletionStage<Object> getAPIVersion() {
        return done(ReferenceVersion.RPC_API);
    }

    private CompletionStage<Object> getSupervisorVersion() {
        return done(ReferenceVersion.SUPERVISOR);
    }

    private CompletionStage<Object> getIdentification() {
        return done(manager.identifier());
    }

    private CompletionStage<Object> getState() {
        SupervisorState s = manager.state();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("statecode", s.code());
        d.put("statename", s.name());
        return done(d);
    }

    private CompletionStage<Object> getPID() {
        return done((int) manager.pid());
    }

    private CompletionStage<Object> readLog(Object offset, Object length) {
        return done(LogReads.read(manager.mainLogfile(), offset, length));
    }

    private CompletionStage<Object> clearLog() {
        manager.clearMainLog();
        return done(Boolean.TRUE);
    }

    private CompletionStage<Object> shutdown() {
        manager.shutdown();
        return done(Boolean.TRUE);
    }

    private CompletionStage<Object> restart() {
        manager.restart();
        return done(Boolean.TRUE);
    }

    // ---- process groups --------------------------------------------------------------------

    private CompletionStage<Object> reloadConfig() {
        ReloadResult r = manager.reloadConfig();
        List<Object> inner = new ArrayList<>();
        inner.add(new ArrayList<Object>(r.added()));
        inner.add(new ArrayList<Object>(r.changed()));
        inner.add(new ArrayList<Object>(r.removed()));
        List<Object> outer = new ArrayList<>();
        outer.add(inner);
        return done(outer);
    }

    private CompletionStage<Object> addProcessGroup(Object nameValue) {
        Object name = normalise(nameValue);
        if (!(name instanceof String)) {
            // compared with each group's name, it matches none
            throw new SupervisorException(Fault.BAD_NAME, PyValues.str(name));
        }
        manager.addProcessGroup((String) name);
        return done(Boolean.TRUE);
    }

    private CompletionStage<Object> removeProcessGroup(Object name) {
        manager.removeProcessGroup(PyValues.groupName(name));
        return done(Boolean.TRUE);
    }

    // ---- starting and stopping -------------------------------------------------------------

    private CompletionStage<Object> startProcess(Object nameValue, boolean wait) {
        return processOrGroup(nameValue, name -> manager.startProcess(name, wait),
                group -> manager.startProcessGroup(group, wait));
    }

    /** A name that is {@code group:*} applies to the group (a list of results), else to one process. */
    private CompletionStage<Object> processOrGroup(Object nameValue,
            Function<String, CompletionStage<Boolean>> process,
            Function<String, CompletionStage<List<ProcessResult>>> group) {
        String name = namespec(nameValue);
        if (isGroup(name)) {
            return groupCall(name, () -> map(group.apply(split(name)[0]), ProcessStructs::results));
        }
        return map(process.apply(name), b -> Boolean.TRUE);
    }

    private CompletionStage<Object> startProcessGroup(Object name, boolean wait) {
        return map(manager.startProcessGroup(PyValues.groupName(name), wait), ProcessStructs::results);
    }

    private CompletionStage<Object> startAllProcesses(boolean wait) {
        return map(manager.startAllProcesses(wait), ProcessStructs::results);
    }

    private CompletionStage<Object> stopProcess(Object nameValue, boolean wait) {
        return processOrGroup(nameValue, name -> manager.stopProcess(name, wait),
                group -> manager.stopProcessGroup(group, wait));
    }

    private CompletionStage<Object> stopProcessGroup(Object name, boolean wait) {
        return map(manager.stopProcessGroup(PyValues.groupName(name), wait), ProcessStructs::results);
    }

    private CompletionStage<Object> stopAllProcesses(boolean wait) {
        return map(manager.stopAllProcesses(wait), ProcessStructs::results);
    }

    // ---- signals ---------------------------------------------------------------------------

    private CompletionStage<Object> signalProcess(Object nameValue, Object signalValue) {
        String name = namespec(nameValue);
        if (isGroup(name)) {
            return groupCall(name, () -> signalGroup(split(name)[0], signalValue));
        }
        String signal = signalText(signalValue);
        if (signal == null) {
            // the reference finds the process (BAD_NAME) before it fails on the value
            manager.processInfo(name);
            throw signalCrash(signalValue);
        }
        return map(manager.signalProcess(name, signal), b -> Boolean.TRUE);
    }

    private CompletionStage<Object> signalProcessGroup(Object nameValue, Object signalValue) {
        Object group = normalise(nameValue);
        if (group instanceof List || group instanceof Map) {
            // the reference looks the group up before checking the daemon's state
            throw PyValues.incorrectParameters();
        }
        requireRunning();
        return signalGroup(PyValues.groupName(group), signalValue);
    }

    /**
     * With a signal value the reference cannot use, it fails (HTTP 500) only when some process of
     * the group can be signalled; otherwise it never looks at the value.
     */
    private CompletionStage<Object> signalGroup(String group, Object signalValue) {
        String signal = signalText(signalValue);
        if (signal == null) {
            boolean exists = false;
            for (ProcessGroupConfig g : manager.activeGroups()) {
                exists |= g.name().equals(group);
            }
            if (!exists) {
                throw new SupervisorException(Fault.BAD_NAME, group);
            }
            for (ProcessInfo info : manager.allProcessInfo()) {
                if (info.group().equals(group) && ProcessState.SIGNALLABLE_STATES.contains(info.state())) {
                    throw signalCrash(signalValue);
                }
            }
            return done(new ArrayList<>());
        }
        return map(manager.signalProcessGroup(group, signal), ProcessStructs::results);
    }

    private CompletionStage<Object> signalAllProcesses(Object signalValue) {
        String signal = signalText(signalValue);
        if (signal == null) {
            for (ProcessInfo info : manager.allProcessInfo()) {
                if (ProcessState.SIGNALLABLE_STATES.contains(info.state())) {
                    throw signalCrash(signalValue);
                }
            }
            return done(new ArrayList<>());
        }
        return map(manager.signalAllProcesses(signal), ProcessStructs::results);
    }

    // ---- describing processes --------------------------------------------------------------

    private CompletionStage<Object> getAllConfigInfo() {
        Set<String> active = new HashSet<>();
        for (ProcessGroupConfig g : manager.activeGroups()) {
            active.add(g.name());
        }
        SupervisorConfig lastRead = manager.lastReadConfig();
        // After a reread the reference describes fresh config objects whose AUTO logs
        // have no name yet ("auto"), even for groups that are running.
        List<ProcessInfo> named = lastRead == manager.config() ? manager.allProcessInfo() : List.of();
        return done(ConfigInfo.build(lastRead, active, named));
    }

    private CompletionStage<Object> getProcessInfo(Object name) {
        return done(ProcessStructs.processInfo(manager.processInfo(processName(name))));
    }

    private CompletionStage<Object> getAllProcessInfo() {
        List<Object> out = new ArrayList<>();
        for (ProcessInfo info : manager.allProcessInfo()) {
            out.add(ProcessStructs.processInfo(info));
        }
        return done(out);
    }

    // ---- process logs and stdin ------------------------------------------------------------

    /** read*Log(name, offset, length). */
    private CompletionStage<Object> readProcessLog(List<Object> params, boolean stdout) {
        return done(LogReads.read(logfile(params.get(0), stdout), params.get(1), params.get(2)));
    }

    /** tail*Log(name, offset, length). */
    private CompletionStage<Object> tailProcessLog(List<Object> params, boolean stdout) {
        return done(LogReads.tail(logfile(params.get(0), stdout), params.get(1), params.get(2)));
    }

    /** The process's stdout or stderr log; null when it has none (an empty name is none too). */
    private String logfile(Object name, boolean stdout) {
        ProcessInfo info = manager.processInfo(processName(name));
        String logfile = stdout ? info.stdoutLogfile() : info.stderrLogfile();
        return logfile == null || logfile.isEmpty() ? null : logfile;
    }

    private CompletionStage<Object> clearProcessLogs(Object nameValue) {
        String name = processName(nameValue);
        manager.clearProcessLogs(name);
        return done(Boolean.TRUE);
    }

    private CompletionStage<Object> clearAllProcessLogs() {
        return done(ProcessStructs.results(manager.clearAllProcessLogs()));
    }

    private CompletionStage<Object> sendProcessStdin(Object nameValue, Object chars) {
        byte[] data;
        if (chars instanceof byte[]) {
            data = (byte[]) chars;
        } else if (chars instanceof String) {
            data = ((String) chars).getBytes(StandardCharsets.UTF_8);
        } else {
            throw new SupervisorException(Fault.INCORRECT_PARAMETERS, PyValues.str(chars));
        }
        String name = processName(nameValue);
        manager.sendProcessStdin(name, data);
        return done(Boolean.TRUE);
    }

    private CompletionStage<Object> sendRemoteCommEvent(Object type, Object data) {
        manager.sendRemoteCommEvent(pyStr(type), pyStr(data));
        return done(Boolean.TRUE);
    }

    /** Python's {@code %s} of an XML-RPC value, for the event payload. */
    private static String pyStr(Object v) {
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return String.valueOf(v);
    }
}
