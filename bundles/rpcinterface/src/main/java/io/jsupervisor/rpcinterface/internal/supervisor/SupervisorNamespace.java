package io.jsupervisor.rpcinterface.internal.supervisor;

import static io.jsupervisor.rpcinterface.internal.supervisor.PyValues.checkCount;
import static io.jsupervisor.rpcinterface.internal.supervisor.PyValues.namespec;
import static io.jsupervisor.rpcinterface.internal.supervisor.PyValues.normalise;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@code supervisor} namespace: Supervisor 4.2.5's main RPC interface (API version 3.0) on a
 * {@link ProcessManager}. Each method checks its arguments as the reference's Python would fail
 * on them, refuses with SHUTDOWN_STATE once the daemon is stopping (where the reference does),
 * and answers the reference's structures with XML-RPC types only.
 */
public final class SupervisorNamespace implements RpcNamespace {
    static final String API_VERSION = "3.0";
    static final String SUPERVISOR_VERSION = "4.2.5";

    private final ProcessManager manager;
    private final List<RpcMethod> methods;

    public SupervisorNamespace(ProcessManager manager) {
        this.manager = manager;
        this.methods = List.copyOf(build());
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

    // ---- the method table ------------------------------------------------------------------

    private List<RpcMethod> build() {
        List<RpcMethod> list = new ArrayList<>();
        String apiHelp = "Answer the version of the XML-RPC API this daemon speaks.\n\n"
                + "@return string the API version, e.g. '3.0'";
        list.add(m("getAPIVersion", sig("string"), apiHelp, p -> {
            checkCount(p, 0, 0);
            update();
            return done(API_VERSION);
        }));
        list.add(m("getVersion", sig("string"), apiHelp + "\n\nDeprecated name of getAPIVersion.", p -> {
            checkCount(p, 0, 0);
            update();
            return done(API_VERSION);
        }));
        list.add(m("getSupervisorVersion", sig("string"),
                "Answer the version of Supervisor this daemon stands in for.\n\n"
                        + "@return string the version, e.g. '4.2.5'",
                p -> {
                    checkCount(p, 0, 0);
                    update();
                    return done(SUPERVISOR_VERSION);
                }));
        list.add(m("getIdentification", sig("string"),
                "Answer the identifier of this daemon (the [supervisord] identifier option).\n\n"
                        + "@return string identifier the identifying string",
                p -> {
                    checkCount(p, 0, 0);
                    update();
                    return done(manager.identifier());
                }));
        list.add(m("getState", sig("struct"),
                "Answer the daemon's current state.\n\n"
                        + "@return struct a struct with the int statecode and the string statename",
                p -> {
                    checkCount(p, 0, 0);
                    update();
                    SupervisorState s = manager.state();
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("statecode", s.code());
                    d.put("statename", s.name());
                    return done(d);
                }));
        list.add(m("getPID", sig("int"), "Answer the process id of the daemon.\n\n@return int the PID", p -> {
            checkCount(p, 0, 0);
            update();
            return done((int) manager.pid());
        }));

        String readLogHelp = "Read bytes of the daemon's activity log.\n\n"
                + "A negative offset reads that many bytes from the end of the log (length must then\n"
                + "be 0); a length of 0 reads from offset to the end.\n\n"
                + "@param int offset         where to start, in bytes\n"
                + "@param int length         how many bytes to read\n"
                + "@return string result     the bytes read, as text";
        RpcHandler readLog = p -> {
            checkCount(p, 2, 2);
            update();
            String logfile = manager.mainLogfile();
            if (logfile == null) {
                throw new SupervisorException(Fault.NO_FILE, null);
            }
            Path path = Path.of(logfile);
            if (!Files.exists(path)) {
                throw new SupervisorException(Fault.NO_FILE, logfile);
            }
            long offset = readInt(p.get(0));
            long length = readInt(p.get(1));
            return done(LogFiles.readText(path, offset, length));
        };
        list.add(m("readLog", sig("string", "int", "int"), readLogHelp, readLog));
        list.add(m("readMainLog", sig("string", "int", "int"),
                readLogHelp + "\n\nDeprecated name of readLog.", readLog));
        list.add(m("clearLog", sig("boolean"),
                "Empty the daemon's activity log and reopen it.\n\n"
                        + "@return boolean result always true unless there is an error",
                p -> {
                    checkCount(p, 0, 0);
                    update();
                    manager.clearMainLog();
                    return done(Boolean.TRUE);
                }));
        list.add(m("shutdown", sig("boolean"),
                "Stop every process and end the daemon.\n\n"
                        + "@return boolean result always true unless there is an error",
                p -> {
                    checkCount(p, 0, 0);
                    update();
                    manager.shutdown();
                    return done(Boolean.TRUE);
                }));
        list.add(m("restart", sig("boolean"),
                "Stop every process, reread the configuration and start again.\n\n"
                        + "@return boolean result always true unless there is an error",
                p -> {
                    checkCount(p, 0, 0);
                    update();
                    manager.restart();
                    return done(Boolean.TRUE);
                }));
        list.add(m("reloadConfig", sig("array"),
                "Reread the configuration file and compare its process groups with the running ones.\n"
                        + "Nothing is started or stopped: use addProcessGroup and removeProcessGroup.\n\n"
                        + "The answer holds three arrays of group names:\n\n"
                        + "* `added`: groups in the file that are not running\n"
                        + "* `changed`: running groups whose configuration differs\n"
                        + "* `removed`: running groups no longer in the file\n\n"
                        + "@return array result  [[added, changed, removed]]",
                p -> {
                    checkCount(p, 0, 0);
                    update();
                    ReloadResult r = manager.reloadConfig();
                    List<Object> inner = new ArrayList<>();
                    inner.add(new ArrayList<Object>(r.added()));
                    inner.add(new ArrayList<Object>(r.changed()));
                    inner.add(new ArrayList<Object>(r.removed()));
                    List<Object> outer = new ArrayList<>();
                    outer.add(inner);
                    return done(outer);
                }));
        list.add(m("addProcessGroup", sig("boolean", "string"),
                "Start managing a process group of the configuration last read (see reloadConfig);\n"
                        + "its autostart processes are started.\n\n"
                        + "@param string name         the group to add\n"
                        + "@return boolean result     true when it was added",
                p -> {
                    checkCount(p, 1, 1);
                    update();
                    Object name = normalise(p.get(0));
                    if (!(name instanceof String)) {
                        // compared with each group's name, it matches none
                        throw new SupervisorException(Fault.BAD_NAME, PyValues.str(name));
                    }
                    manager.addProcessGroup((String) name);
                    return done(Boolean.TRUE);
                }));
        list.add(m("removeProcessGroup", sig("boolean", "string"),
                "Stop managing a process group whose processes are all stopped.\n\n"
                        + "@param string name         the group to remove\n"
                        + "@return boolean result     true when it was removed",
                p -> {
                    checkCount(p, 1, 1);
                    update();
                    manager.removeProcessGroup(PyValues.groupName(p.get(0)));
                    return done(Boolean.TRUE);
                }));

        list.add(m("startProcess", sig("boolean", "string", "boolean"),
                "Start a process.\n\n"
                        + "@param string name Process name (or ``group:name``, or ``group:*`` for a whole group)\n"
                        + "@param boolean wait Answer only once it is RUNNING (default true)\n"
                        + "@return boolean result     always true unless there is an error\n"
                        + "(an array of result structs for ``group:*``)",
                p -> {
                    checkCount(p, 1, 2);
                    update();
                    String name = namespec(p.get(0));
                    boolean wait = p.size() < 2 || PyValues.truthy(p.get(1));
                    if (split(name)[1] == null) {
                        return groupCall(name, () -> map(manager.startProcessGroup(split(name)[0], wait), SupervisorNamespace::results));
                    }
                    return map(manager.startProcess(name, wait), b -> Boolean.TRUE, asGiven(name));
                }));
        list.add(m("startProcessGroup", sig("array", "string", "boolean"),
                "Start every process of a group that is not running, in priority order.\n\n"
                        + "@param string name     the group\n"
                        + "@param boolean wait    answer only once each is RUNNING (default true)\n"
                        + "@return array result   one struct per process: name, group, status, description",
                p -> {
                    checkCount(p, 1, 2);
                    update();
                    String group = PyValues.groupName(p.get(0));
                    boolean wait = p.size() < 2 || PyValues.truthy(p.get(1));
                    return map(manager.startProcessGroup(group, wait), SupervisorNamespace::results);
                }));
        list.add(m("startAllProcesses", sig("array", "boolean"),
                "Start every configured process that is not running, in priority order.\n\n"
                        + "@param boolean wait    answer only once each is RUNNING (default true)\n"
                        + "@return array result   one struct per process: name, group, status, description",
                p -> {
                    checkCount(p, 0, 1);
                    update();
                    boolean wait = p.isEmpty() || PyValues.truthy(p.get(0));
                    return map(manager.startAllProcesses(wait), SupervisorNamespace::results);
                }));
        list.add(m("stopProcess", sig("boolean", "string", "boolean"),
                "Stop a process.\n\n"
                        + "@param string name  Process name (or ``group:name``, or ``group:*`` for a whole group)\n"
                        + "@param boolean wait        answer only once it has stopped (default true)\n"
                        + "@return boolean result     always true unless there is an error\n"
                        + "(an array of result structs for ``group:*``)",
                p -> {
                    checkCount(p, 1, 2);
                    update();
                    String name = namespec(p.get(0));
                    boolean wait = p.size() < 2 || PyValues.truthy(p.get(1));
                    if (split(name)[1] == null) {
                        return groupCall(name, () -> map(manager.stopProcessGroup(split(name)[0], wait), SupervisorNamespace::results));
                    }
                    return map(manager.stopProcess(name, wait), b -> Boolean.TRUE, asGiven(name));
                }));
        list.add(m("stopProcessGroup", sig("array", "string", "boolean"),
                "Stop every running process of a group, in reverse priority order.\n\n"
                        + "@param string name     the group\n"
                        + "@param boolean wait    answer only once each has stopped (default true)\n"
                        + "@return array result   one struct per process: name, group, status, description",
                p -> {
                    checkCount(p, 1, 2);
                    update();
                    String group = PyValues.groupName(p.get(0));
                    boolean wait = p.size() < 2 || PyValues.truthy(p.get(1));
                    return map(manager.stopProcessGroup(group, wait), SupervisorNamespace::results);
                }));
        list.add(m("stopAllProcesses", sig("array", "boolean"),
                "Stop every running process, groups in reverse priority order.\n\n"
                        + "@param  boolean wait   answer only once each has stopped (default true)\n"
                        + "@return array result   one struct per process: name, group, status, description",
                p -> {
                    checkCount(p, 0, 1);
                    update();
                    boolean wait = p.isEmpty() || PyValues.truthy(p.get(0));
                    return map(manager.stopAllProcesses(wait), SupervisorNamespace::results);
                }));
        list.add(m("signalProcess", sig("boolean", "string", "string"),
                "Send a UNIX signal to a process.\n\n"
                        + "@param string name    Process name (or ``group:name``, or ``group:*`` for a whole group)\n"
                        + "@param string signal  the signal, by name ('HUP', 'SIGHUP') or number ('1')\n"
                        + "@return boolean       always true unless there is an error\n"
                        + "(an array of result structs for ``group:*``)",
                p -> {
                    checkCount(p, 2, 2);
                    update();
                    String name = namespec(p.get(0));
                    String[] spec = split(name);
                    if (spec[1] == null) {
                        return groupCall(name, () -> signalGroup(spec[0], p.get(1)));
                    }
                    String signal = signalText(p.get(1));
                    if (signal == null) {
                        // the reference finds the process (BAD_NAME) before it fails on the value
                        manager.processInfo(name);
                        throw signalCrash(p.get(1));
                    }
                    return map(manager.signalProcess(name, signal), b -> Boolean.TRUE, asGiven(name));
                }));
        list.add(m("signalProcessGroup", sig("array", "string", "string"),
                "Send a UNIX signal to every process of a group that can take one.\n\n"
                        + "@param string name    the group\n"
                        + "@param string signal  the signal, by name ('HUP', 'SIGHUP') or number ('1')\n"
                        + "@return array         one struct per process signalled: name, group, status, description",
                p -> {
                    checkCount(p, 2, 2);
                    Object g = normalise(p.get(0));
                    if (g instanceof List || g instanceof Map) {
                        // the reference looks the group up before checking the daemon's state
                        throw PyValues.incorrectParameters();
                    }
                    update();
                    return signalGroup(PyValues.groupName(g), p.get(1));
                }));
        list.add(m("signalAllProcesses", sig("array", "string"),
                "Send a UNIX signal to every process that can take one.\n\n"
                        + "@param string signal  the signal, by name ('HUP', 'SIGHUP') or number ('1')\n"
                        + "@return array         one struct per process signalled: name, group, status, description",
                p -> {
                    checkCount(p, 1, 1);
                    update();
                    return signalAll(p.get(0));
                }));

        list.add(m("getAllConfigInfo", sig("array"),
                "Describe every configured process, whether running or not (groups are flattened).\n\n"
                        + "@return array result  one struct of configuration values per process",
                p -> {
                    checkCount(p, 0, 0);
                    update();
                    Set<String> active = new HashSet<>();
                    for (ProcessGroupConfig g : manager.activeGroups()) {
                        active.add(g.name());
                    }
                    SupervisorConfig lastRead = manager.lastReadConfig();
                    // After a reread the reference describes fresh config objects whose AUTO logs
                    // have no name yet ("auto"), even for groups that are running.
                    List<ProcessInfo> named = lastRead == manager.config() ? manager.allProcessInfo() : List.of();
                    return done(ConfigInfo.build(lastRead, active, named));
                }));
        list.add(m("getProcessInfo", sig("struct", "string"),
                "Describe one process.\n\n"
                        + "@param string name the process (or ``group:name``)\n"
                        + "@return struct result     its name, group, description, start, stop, now, state,\n"
                        + "statename, spawnerr, exitstatus, logfile, stdout_logfile, stderr_logfile and pid",
                p -> {
                    checkCount(p, 1, 1);
                    update();
                    String name = processName(p.get(0));
                    return done(processInfo(manager.processInfo(name)));
                }));
        list.add(m("getAllProcessInfo", sig("array"),
                "Describe every process, ordered by group and name.\n\n"
                        + "@return array result  one struct per process, as getProcessInfo answers",
                p -> {
                    checkCount(p, 0, 0);
                    update();
                    List<Object> out = new ArrayList<>();
                    for (ProcessInfo info : manager.allProcessInfo()) {
                        out.add(processInfo(info));
                    }
                    return done(out);
                }));

        String readStdoutHelp = "Read bytes of a process's stdout log.\n\n"
                + "A negative offset reads that many bytes from the end of the log (length must then\n"
                + "be 0); a length of 0 reads from offset to the end.\n\n"
                + "@param string name        the process (or ``group:name``)\n"
                + "@param int offset         where to start, in bytes\n"
                + "@param int length         how many bytes to read\n"
                + "@return string result     the bytes read, as text";
        list.add(m("readProcessStdoutLog", sig("string", "string", "int", "int"), readStdoutHelp,
                p -> readProcessLog(p, true)));
        list.add(m("readProcessLog", sig("string", "string", "int", "int"),
                readStdoutHelp + "\n\nOlder name of readProcessStdoutLog.", p -> readProcessLog(p, true)));
        list.add(m("readProcessStderrLog", sig("string", "string", "int", "int"),
                readStdoutHelp.replace("stdout", "stderr"), p -> readProcessLog(p, false)));

        String tailHelp = "Tail a process's stdout log: a cheaper way to follow it than\n"
                + "readProcessStdoutLog, which is for reading chunks.\n\n"
                + "Answers up to length bytes starting at offset. When the log has grown beyond\n"
                + "offset + length, the overflow flag is set and the last length bytes are answered\n"
                + "instead. When fewer than length bytes are there, all there are are answered. The\n"
                + "offset answered is always the log's size: pass it back to continue from there.\n\n"
                + "@param string name         the process (or ``group:name``)\n"
                + "@param int offset          where to start, in bytes\n"
                + "@param int length          the most bytes to answer\n"
                + "@return array result       [string bytes, int offset, bool overflow]";
        list.add(m("tailProcessStdoutLog", sig("array", "string", "int", "int"), tailHelp,
                p -> tailProcessLog(p, true)));
        list.add(m("tailProcessLog", sig("array", "string", "int", "int"),
                tailHelp + "\n\nOlder name of tailProcessStdoutLog.", p -> tailProcessLog(p, true)));
        list.add(m("tailProcessStderrLog", sig("array", "string", "int", "int"),
                tailHelp.replace("stdout", "stderr").replace("readProcessStdoutLog", "readProcessStderrLog"),
                p -> tailProcessLog(p, false)));

        String clearHelp = "Empty a process's stdout and stderr logs and reopen them.\n\n"
                + "@param string name   the process (or ``group:name``)\n"
                + "@return boolean result      always true unless there is an error";
        RpcHandler clearProcessLogs = p -> {
            checkCount(p, 1, 1);
            update();
            String name = processName(p.get(0));
            try {
                manager.clearProcessLogs(name);
            } catch (SupervisorException ex) {
                throw (SupervisorException) asGiven(name).apply(ex);
            }
            return done(Boolean.TRUE);
        };
        list.add(m("clearProcessLogs", sig("boolean", "string"), clearHelp, clearProcessLogs));
        list.add(m("clearProcessLog", sig("boolean", "string"),
                clearHelp + "\n\nOlder name of clearProcessLogs.", clearProcessLogs));
        list.add(m("clearAllProcessLogs", sig("array"),
                "Empty the logs of every process.\n\n"
                        + "@return array result   one struct per process: name, group, status, description",
                p -> {
                    checkCount(p, 0, 0);
                    update();
                    return done(results(manager.clearAllProcessLogs()));
                }));
        list.add(m("sendProcessStdin", sig("boolean", "string", "string"),
                "Write characters to a process's stdin, encoded as UTF-8.\n\n"
                        + "Faults: INCORRECT_PARAMETERS when chars is not a string, NOT_RUNNING when the\n"
                        + "process is not running, NO_FILE when its stdin no longer takes input (the child\n"
                        + "closed it).\n\n"
                        + "@param string name        the process (or ``group:name``)\n"
                        + "@param string chars       the characters to send\n"
                        + "@return boolean result    always true unless there is an error",
                p -> {
                    checkCount(p, 2, 2);
                    update();
                    Object chars = p.get(1);
                    byte[] data;
                    if (chars instanceof byte[]) {
                        data = (byte[]) chars;
                    } else if (chars instanceof String) {
                        data = ((String) chars).getBytes(StandardCharsets.UTF_8);
                    } else {
                        throw new SupervisorException(Fault.INCORRECT_PARAMETERS, PyValues.str(chars));
                    }
                    String name = processName(p.get(0));
                    try {
                        manager.sendProcessStdin(name, data);
                    } catch (SupervisorException ex) {
                        throw (SupervisorException) asGiven(name).apply(ex);
                    }
                    return done(Boolean.TRUE);
                }));
        list.add(m("sendRemoteCommEvent", sig("boolean", "string", "string"),
                "Emit a REMOTE_COMMUNICATION event, for event listeners subscribed to it.\n\n"
                        + "@param  string  type  the \"type\" key of the event header\n"
                        + "@param  string  data  the event body\n"
                        + "@return boolean       always true unless there is an error",
                p -> {
                    checkCount(p, 2, 2);
                    // No SHUTDOWN_STATE check here: the reference has none for this method.
                    manager.sendRemoteCommEvent(pyStr(p.get(0)), pyStr(p.get(1)));
                    return done(Boolean.TRUE);
                }));
        return list;
    }

    // ---- pieces ----------------------------------------------------------------------------

    /** Python's {@code %s} of an XML-RPC value, for the event payload. */
    private static String pyStr(Object v) {
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof byte[] bytes) {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
        return String.valueOf(v);
    }

    /** The reference's {@code _update}: every request is refused once the daemon is stopping. */
    private void update() {
        if (manager.state().code() < SupervisorState.RUNNING.code()) {
            throw new SupervisorException(Fault.SHUTDOWN_STATE, null);
        }
    }

    /**
     * The reference's split_namespec: {@code group:name} is (group, name); {@code group:*} and
     * {@code group:} are (group, null), the whole group; a bare {@code name} is (name, name).
     */
    static String[] split(String namespec) {
        int colon = namespec.indexOf(':');
        if (colon < 0) {
            return new String[] {namespec, namespec};
        }
        String group = namespec.substring(0, colon);
        String process = namespec.substring(colon + 1);
        if (process.isEmpty() || process.equals("*")) {
            process = null;
        }
        return new String[] {group, process};
    }

    /** A namespec that must name one process: {@code group:*} is BAD_NAME with the name given. */
    private static String processName(Object value) {
        String name = namespec(value);
        if (split(name)[1] == null) {
            throw new SupervisorException(Fault.BAD_NAME, name);
        }
        return name;
    }

    /**
     * {@code int(x)} for an offset or length. What it cannot convert (1e400, NaN, "abc") is a
     * BAD_ARGUMENTS fault; the reference lets the ValueError or OverflowError through as an HTTP
     * 500 with a traceback in its log, which tells the caller nothing.
     */
    private static long readInt(Object value) {
        try {
            return PyValues.pyInt(value);
        } catch (PyValues.IntValueError e) {
            throw new SupervisorException(Fault.BAD_ARGUMENTS, e.getMessage());
        }
    }

    private CompletionStage<Object> readProcessLog(List<Object> p, boolean stdout) {
        checkCount(p, 3, 3);
        update();
        String name = processName(p.get(0));
        ProcessInfo info = manager.processInfo(name);
        String logfile = stdout ? info.stdoutLogfile() : info.stderrLogfile();
        if (logfile == null || logfile.isEmpty()) {
            throw new SupervisorException(Fault.NO_FILE, null);
        }
        Path path = Path.of(logfile);
        if (!Files.exists(path)) {
            throw new SupervisorException(Fault.NO_FILE, logfile);
        }
        long offset = readInt(p.get(1));
        long length = readInt(p.get(2));
        return done(LogFiles.readText(path, offset, length));
    }

    private CompletionStage<Object> tailProcessLog(List<Object> p, boolean stdout) {
        checkCount(p, 3, 3);
        update();
        String name = processName(p.get(0));
        ProcessInfo info = manager.processInfo(name);
        String logfile = stdout ? info.stdoutLogfile() : info.stderrLogfile();
        List<Object> out = new ArrayList<>(3);
        if (logfile == null || logfile.isEmpty() || !Files.exists(Path.of(logfile))) {
            out.add("");
            out.add(0);
            out.add(Boolean.FALSE);
            return done(out);
        }
        long offset = readInt(p.get(1));
        long length = readInt(p.get(2));
        LogFiles.TailText tail = LogFiles.tailText(Path.of(logfile), offset, length);
        out.add(tail.text());
        out.add(ConfigInfo.xmlrpcInt(tail.offset()));
        out.add(tail.overflow());
        return done(out);
    }

    /**
     * signalProcessGroup. With a signal value the reference cannot use, it fails (HTTP 500) only
     * when some process of the group can be signalled; otherwise it never looks at the value.
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
        return map(manager.signalProcessGroup(group, signal), SupervisorNamespace::results);
    }

    private CompletionStage<Object> signalAll(Object signalValue) {
        String signal = signalText(signalValue);
        if (signal == null) {
            for (ProcessInfo info : manager.allProcessInfo()) {
                if (ProcessState.SIGNALLABLE_STATES.contains(info.state())) {
                    throw signalCrash(signalValue);
                }
            }
            return done(new ArrayList<>());
        }
        return map(manager.signalAllProcesses(signal), SupervisorNamespace::results);
    }

    /**
     * The signal as text for the engine, or null when the reference's signal_number cannot use
     * the value: it tries {@code int(value)} (numbers, booleans and finite floats work) and then
     * {@code value.strip()}, which a list, struct or date does not have (NaN and infinity fail too).
     */
    private static String signalText(Object value) {
        Object v = normalise(value);
        if (v instanceof String) {
            return (String) v;
        }
        if (v instanceof Boolean) {
            return (Boolean) v ? "1" : "0";
        }
        if (v instanceof Integer || v instanceof Long) {
            return v.toString();
        }
        if (v instanceof Double && Double.isFinite((Double) v)) {
            return new java.math.BigDecimal((Double) v).toBigInteger().toString();
        }
        return null;
    }

    private static PyValues.ReferenceCrash signalCrash(Object value) {
        Object v = normalise(value);
        if (v instanceof Double) {
            return new PyValues.ReferenceCrash("AttributeError: 'float' object has no attribute 'strip'");
        }
        return new PyValues.ReferenceCrash(
                "AttributeError: '" + PyValues.typeName(v) + "' object has no attribute 'strip'");
    }

    /** A group call made for a {@code group:*} name: BAD_NAME names what the caller wrote. */
    private static CompletionStage<Object> groupCall(String name, Supplier<CompletionStage<Object>> call) {
        Function<Throwable, Throwable> rename = e -> {
            if (e instanceof SupervisorException && ((SupervisorException) e).fault() == Fault.BAD_NAME) {
                return new SupervisorException(Fault.BAD_NAME, name);
            }
            return e;
        };
        CompletionStage<Object> stage;
        try {
            stage = call.get();
        } catch (RuntimeException e) {
            throw (RuntimeException) rename.apply(e);
        }
        return map(stage, v -> v, rename);
    }

    /**
     * The reference names a process in its faults as the caller wrote it ({@code ALREADY_STARTED:
     * cat:cat}); the engine may use the short form ({@code cat}). Put the caller's form back.
     */
    private static Function<Throwable, Throwable> asGiven(String name) {
        String[] spec = split(name);
        String canonical = spec[0].equals(spec[1]) ? spec[1] : spec[0] + ":" + spec[1];
        return e -> {
            if (e instanceof SupervisorException && !canonical.equals(name)) {
                SupervisorException se = (SupervisorException) e;
                if (canonical.equals(se.detail()) || spec[1].equals(se.detail())) {
                    return new SupervisorException(se.fault(), name);
                }
            }
            return e;
        };
    }

    static List<Object> results(List<ProcessResult> results) {
        List<Object> out = new ArrayList<>(results.size());
        for (ProcessResult r : results) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("name", r.name());
            d.put("group", r.group());
            d.put("status", r.status().code());
            d.put("description", r.description());
            out.add(d);
        }
        return out;
    }

    /** getProcessInfo's struct, keys in the reference's order. */
    static Map<String, Object> processInfo(ProcessInfo info) {
        Map<String, Object> d = new LinkedHashMap<>(24); // 14 keys without a resize
        d.put("name", info.name());
        d.put("group", info.group());
        d.put("start", cappedInt(info.start()));
        d.put("stop", cappedInt(info.stop()));
        d.put("now", cappedInt(info.now()));
        d.put("state", info.state().code());
        d.put("statename", info.statename());
        d.put("spawnerr", info.spawnerr() == null ? "" : info.spawnerr());
        d.put("exitstatus", info.exitstatus());
        String out = info.stdoutLogfile() == null ? "" : info.stdoutLogfile();
        d.put("logfile", out);
        d.put("stdout_logfile", out);
        d.put("stderr_logfile", info.stderrLogfile() == null ? "" : info.stderrLogfile());
        d.put("pid", info.pid());
        d.put("description", info.description());
        return d;
    }

    /** The reference's capped_int: times saturate at the XML-RPC int limits (year 2038). */
    static Integer cappedInt(long v) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    private static RpcMethod m(String name, List<List<String>> signatures, String help, RpcHandler handler) {
        return new RpcMethod(name, signatures, help, handler);
    }

    private static List<List<String>> sig(String... types) {
        return List.of(List.of(types));
    }

    private static CompletionStage<Object> done(Object value) {
        return CompletableFuture.completedFuture(value);
    }

    private static <T> CompletionStage<Object> map(CompletionStage<T> stage, Function<T, Object> f) {
        return map(stage, f, Function.identity());
    }

    /** Maps a result; a failure is passed on unwrapped (no CompletionException around the fault). */
    private static <T> CompletionStage<Object> map(
            CompletionStage<T> stage, Function<T, Object> f, Function<Throwable, Throwable> onError) {
        CompletableFuture<Object> out = new CompletableFuture<>();
        stage.whenComplete((v, e) -> {
            if (e != null) {
                out.completeExceptionally(onError.apply(unwrap(e)));
                return;
            }
            try {
                out.complete(f.apply(v));
            } catch (RuntimeException ex) {
                out.completeExceptionally(ex);
            }
        });
        return out;
    }

    static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
