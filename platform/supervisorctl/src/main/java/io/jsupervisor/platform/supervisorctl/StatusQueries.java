package io.jsupervisor.platform.supervisorctl;

import io.jsupervisor.platform.supervisorctl.RpcClient.Fault;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The status and pid actions. */
final class StatusQueries extends ActionGroup {
    StatusQueries(Supervisorctl ctl) {
        super(ctl);
    }

    void status(String arg) throws Fault {
        if (!ctl.upcheck()) {
            ctl.exitstatus = Supervisorctl.STATUS_UNKNOWN;
            return;
        }
        List<Map<String, Object>> all = ctl.callList("supervisor.getAllProcessInfo");
        List<String> names = Supervisorctl.words(arg);
        List<Map<String, Object>> matching;
        if (names.isEmpty() || names.contains("all")) {
            matching = all;
        } else {
            matching = new ArrayList<>();
            for (String name : names) {
                boolean bad = true;
                String[] gp = Namespecs.splitNamespec(name);
                for (Map<String, Object> info : all) {
                    boolean m = gp[0].equals(info.get("group"));
                    if (gp[1] != null) {
                        m = m && gp[1].equals(info.get("name"));
                    }
                    if (m) {
                        bad = false;
                        matching.add(info);
                    }
                }
                if (bad) {
                    out(gp[1] == null ? gp[0] + ": ERROR (no such group)" : name + ": ERROR (no such process)");
                    ctl.exitstatus = Supervisorctl.STATUS_UNKNOWN;
                }
            }
        }
        int maxlen = 30;
        List<String> specs = new ArrayList<>();
        for (Map<String, Object> info : matching) {
            String s = Namespecs.namespec(info.get("group"), info.get("name"));
            specs.add(s);
            maxlen = Math.max(maxlen, s.length());
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < matching.size(); i++) {
            Map<String, Object> info = matching.get(i);
            b.append(TextColumns.pad(specs.get(i), maxlen + 3)).append(TextColumns.pad(String.valueOf(info.get("statename")), 10))
                    .append(info.get("description")).append('\n');
        }
        ctl.write(b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (Map<String, Object> info : matching) {
            Object st = info.get("state");
            if (st instanceof Integer s && (s == 0 || s == 100 || s == 200 || s == 1000)) {
                ctl.exitstatus = Supervisorctl.STATUS_NOT_RUNNING;
            }
        }
    }

    void pid(String arg) throws Fault {
        if (!ctl.upcheck()) {
            return;
        }
        List<String> names = Supervisorctl.words(arg);
        if (names.isEmpty()) {
            out(String.valueOf(ctl.call("supervisor.getPID")));
        } else if (names.contains("all")) {
            for (Map<String, Object> info : ctl.callList("supervisor.getAllProcessInfo")) {
                out(String.valueOf(info.get("pid")));
            }
        } else {
            for (String name : names) {
                try {
                    Map<String, Object> info = ctl.callMap("supervisor.getProcessInfo", name);
                    Object pid = info.get("pid");
                    out(String.valueOf(pid));
                    if (Integer.valueOf(0).equals(pid)) {
                        ctl.exitstatus = Supervisorctl.LSB_NOT_RUNNING;
                    }
                } catch (Fault f) {
                    ctl.exitstatus = Supervisorctl.GENERIC;
                    if (f.code == Supervisorctl.BAD_NAME) {
                        out("No such process " + name);
                    } else {
                        throw f;
                    }
                }
            }
        }
    }
}
