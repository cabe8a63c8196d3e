package io.jsupervisor.webui.internal;

import io.jsupervisor.api.process.ProcessInfo;
import io.jsupervisor.api.process.ProcessManager;
import io.jsupervisor.api.process.ProcessState;
import io.jsupervisor.pycompat.ReferenceVersion;
import io.jsupervisor.pycompat.json.Json;
import java.util.List;

/**
 * The state of every process as the pages show it, and its JSON form for {@code /api/status} and
 * the event stream. {@link #signature} leaves out what changes by itself (a running process's
 * uptime, the clock), so a stream only sends when something happened; the browser counts the
 * uptime on from {@code start} and {@code now}.
 */
record Snapshot(String identification, String supervisorState, long pid, long now, List<ProcessInfo> processes) {

    static Snapshot of(ProcessManager manager) {
        List<ProcessInfo> all = manager.allProcessInfo();
        return new Snapshot(manager.identifier(), manager.state().name(), manager.pid(),
                System.currentTimeMillis() / 1000, all);
    }

    /** The reference's CSS class for a state. */
    static String cssClass(ProcessState state) {
        return switch (state) {
            case RUNNING -> "statusrunning";
            case FATAL, BACKOFF -> "statuserror";
            default -> "statusnominal";
        };
    }

    /** The actions offered for a state, in the reference's order. */
    static List<String> actions(ProcessState state) {
        return switch (state) {
            case RUNNING -> List.of("restart", "stop", "clearlog");
            case STOPPED, EXITED, FATAL -> List.of("start", "clearlog");
            default -> List.of("clearlog");
        };
    }

    String signature() {
        StringBuilder b = new StringBuilder(processes.size() * 48).append(identification).append('|')
                .append(supervisorState).append('|');
        for (ProcessInfo p : processes) {
            b.append(p.namespec()).append('|').append(p.state()).append('|').append(p.pid()).append('|')
                    .append(p.start()).append('|');
            if (p.state() != ProcessState.RUNNING) {
                b.append(p.description());
            }
            b.append('\n');
        }
        return b.toString();
    }

    String json() {
        StringBuilder b = new StringBuilder(256 + processes.size() * 260);
        b.append("{\"identification\":").append(Json.write(identification))
                .append(",\"version\":").append(Json.write(ReferenceVersion.SUPERVISOR))
                .append(",\"state\":").append(Json.write(supervisorState))
                .append(",\"pid\":").append(pid)
                .append(",\"now\":").append(now)
                .append(",\"processes\":[");
        boolean first = true;
        for (ProcessInfo p : processes) {
            if (!first) {
                b.append(',');
            }
            first = false;
            b.append("{\"name\":").append(Json.write(p.name()))
                    .append(",\"group\":").append(Json.write(p.group()))
                    .append(",\"namespec\":").append(Json.write(p.namespec()))
                    .append(",\"state\":").append(Json.write(p.statename()))
                    .append(",\"class\":").append(Json.write(cssClass(p.state())))
                    .append(",\"description\":").append(Json.write(p.description()))
                    .append(",\"pid\":").append(p.pid())
                    .append(",\"start\":").append(p.start())
                    .append(",\"stop\":").append(p.stop())
                    .append(",\"exitstatus\":").append(p.exitstatus())
                    .append(",\"actions\":[");
            List<String> acts = actions(p.state());
            for (int i = 0; i < acts.size(); i++) {
                b.append(i == 0 ? "" : ",").append(Json.write(acts.get(i)));
            }
            b.append("]}");
        }
        return b.append("]}").toString();
    }
}
