package io.jsupervisor.restapi.internal;

import io.jsupervisor.api.config.ProcessConfig;
import io.jsupervisor.api.config.ProcessGroupConfig;
import io.jsupervisor.api.process.ProcessInfo;
import io.jsupervisor.api.process.ProcessManager;
import io.jsupervisor.api.process.ProcessResult;
import io.jsupervisor.api.process.ReloadResult;
import io.jsupervisor.pycompat.ReferenceVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of the API's answers, named as the XML-RPC API names the same values (a
 * process object carries getProcessInfo's keys), so a client can move between the two APIs
 * without relearning them. The OpenAPI document's schemas describe exactly these maps.
 */
final class Views {
    private Views() {}

    static Map<String, Object> process(ProcessInfo p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("group", p.group());
        m.put("namespec", p.namespec());
        m.put("description", p.description());
        m.put("start", p.start());
        m.put("stop", p.stop());
        m.put("now", p.now());
        m.put("state", p.state().code());
        m.put("statename", p.statename());
        m.put("spawnerr", p.spawnerr() == null ? "" : p.spawnerr());
        m.put("exitstatus", p.exitstatus());
        m.put("stdout_logfile", p.stdoutLogfile() == null ? "" : p.stdoutLogfile());
        m.put("stderr_logfile", p.stderrLogfile() == null ? "" : p.stderrLogfile());
        m.put("pid", p.pid());
        return m;
    }

    static List<Object> processes(List<ProcessInfo> infos) {
        List<Object> out = new ArrayList<>(infos.size());
        infos.forEach(p -> out.add(process(p)));
        return out;
    }

    static Map<String, Object> group(ProcessGroupConfig g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", g.name());
        m.put("type", g.type().sectionPrefix());
        m.put("priority", g.priority());
        List<String> names = new ArrayList<>();
        for (ProcessConfig p : g.processes()) {
            names.add(p.name());
        }
        m.put("processes", names);
        return m;
    }

    static Map<String, Object> result(ProcessResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name());
        m.put("group", r.group());
        m.put("status", r.status().code());
        m.put("fault", r.status().name());
        m.put("description", r.description());
        return m;
    }

    static Map<String, Object> results(List<ProcessResult> results) {
        List<Object> list = new ArrayList<>(results.size());
        results.forEach(r -> list.add(result(r)));
        return Map.of("results", list);
    }

    static Map<String, Object> reread(ReloadResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("added", r.added());
        m.put("changed", r.changed());
        m.put("removed", r.removed());
        return m;
    }

    static Map<String, Object> daemon(ProcessManager manager) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("statecode", manager.state().code());
        state.put("statename", manager.state().name());
        m.put("state", state);
        m.put("pid", manager.pid());
        m.put("identification", manager.identifier());
        m.put("supervisor_version", ReferenceVersion.SUPERVISOR);
        m.put("rpc_api_version", ReferenceVersion.RPC_API);
        return m;
    }

    static Map<String, Object> ok() {
        return Map.of("ok", true);
    }
}
