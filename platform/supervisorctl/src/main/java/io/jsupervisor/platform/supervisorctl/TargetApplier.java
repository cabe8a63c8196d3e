package io.jsupervisor.platform.supervisorctl;

import io.jsupervisor.platform.supervisorctl.RpcClient.Fault;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Applies one process action to its targets as the reference does: {@code all} in one call, each
 * {@code group:*} by a group call, each other name by a process call; one output line per result.
 */
final class TargetApplier {

    /**
     * What an action calls and how it reports.
     *
     * @param allMethod the call for {@code all}
     * @param groupMethod the call for {@code group:*}, or null when a group is passed on as a name
     * @param processMethod the call for one name
     * @param success the word after {@code name: } when the process call succeeds
     * @param resultLine the output line of one result (a map with group, name, status, description)
     * @param ignoredCode a result code that leaves the exit status alone
     * @param noSuchGroupExit the exit status for an unknown group
     * @param dependenciesFirst whether a process call starts what the process depends on first
     *     (a start: jsupervisor's {@code depends_on}), to be reported before its own line
     */
    record Spec(String allMethod, String groupMethod, String processMethod, String success,
            Function<Map<String, Object>, String> resultLine, int ignoredCode, int noSuchGroupExit,
            boolean dependenciesFirst) {

        Spec(String allMethod, String groupMethod, String processMethod, String success,
                Function<Map<String, Object>, String> resultLine, int ignoredCode, int noSuchGroupExit) {
            this(allMethod, groupMethod, processMethod, success, resultLine, ignoredCode, noSuchGroupExit, false);
        }
    }

    private final Supervisorctl ctl;

    TargetApplier(Supervisorctl ctl) {
        this.ctl = ctl;
    }

    /** Applies {@code spec} to {@code names}; {@code extra} follows the target in every call. */
    void apply(Spec spec, List<String> names, Object... extra) throws Fault {
        if (names.contains("all")) {
            report(spec, ctl.callList(spec.allMethod(), extra));
            return;
        }
        for (String name : names) {
            String[] gp = Namespecs.splitNamespec(name);
            if (gp[1] == null && spec.groupMethod() != null) {
                try {
                    report(spec, ctl.callList(spec.groupMethod(), params(gp[0], extra)));
                } catch (Fault f) {
                    if (f.code != Supervisorctl.BAD_NAME) {
                        ctl.exitstatus = Supervisorctl.GENERIC;
                        throw f;
                    }
                    ctl.output(gp[0] + ": ERROR (no such group)");
                    ctl.exitstatus = spec.noSuchGroupExit();
                }
            } else {
                List<String> first = spec.dependenciesFirst() ? startDependencies(name) : List.of();
                try {
                    ctl.call(spec.processMethod(), params(name, extra));
                    for (String dependency : first) {
                        ctl.output(dependency + ": " + spec.success());
                    }
                    ctl.output(Namespecs.namespec(gp[0], gp[1]) + ": " + spec.success());
                } catch (Fault f) {
                    ctl.output(spec.resultLine().apply(faultResult(f, gp)));
                    setExit(f.code, spec.ignoredCode());
                }
            }
        }
    }

    /**
     * What a start of {@code name} will start first (jsupervisor's {@code depends_on}), asked of
     * the daemon before the start; nothing from a daemon that cannot say (the reference answers
     * UNKNOWN_METHOD), so that the reference's output is unchanged.
     */
    private List<String> startDependencies(String name) {
        try {
            if (ctl.call("jsupervisor.startDependencies", name) instanceof List<?> names) {
                return names.stream().map(String::valueOf).toList();
            }
        } catch (Fault f) {
            // not jsupervisor, or a name the start itself will report on
        }
        return List.of();
    }

    private void report(Spec spec, List<Map<String, Object>> results) {
        for (Map<String, Object> r : results) {
            ctl.output(spec.resultLine().apply(r));
            setExit(code(r), spec.ignoredCode());
        }
    }

    private static Object[] params(String target, Object[] extra) {
        Object[] p = new Object[extra.length + 1];
        p[0] = target;
        System.arraycopy(extra, 0, p, 1, extra.length);
        return p;
    }

    /** The status code of one result. */
    static int code(Map<String, Object> r) {
        Object o = r.get("status");
        return o instanceof Integer i ? i : 0;
    }

    private void setExit(int code, int ignored) {
        if (code == ignored || code == Supervisorctl.SUCCESS) {
            return;
        }
        if (code == Supervisorctl.SPAWN_ERROR || code == Supervisorctl.ABNORMAL_TERMINATION
                || code == Supervisorctl.NOT_RUNNING) {
            ctl.exitstatus = Supervisorctl.LSB_NOT_RUNNING;
        } else {
            ctl.exitstatus = Supervisorctl.GENERIC;
        }
    }

    /** A failed process call read as the result a multi-process call would have given. */
    private static Map<String, Object> faultResult(Fault f, String[] gp) {
        Map<String, Object> m = new HashMap<>();
        m.put("status", f.code);
        m.put("group", gp[0]);
        m.put("name", gp[1]);
        m.put("description", f.string);
        return m;
    }
}
