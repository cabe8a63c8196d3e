package io.jsupervisor.rpcinterface.internal.supervisor;

import io.jsupervisor.api.process.ProcessInfo;
import io.jsupervisor.api.process.ProcessResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The structs the methods answer about processes, keys in the reference's order. */
final class ProcessStructs {
    private ProcessStructs() {}

    /** One {name, group, status, description} struct per process a group call acted on. */
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

    /** getProcessInfo's struct. */
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
}
