package io.jsupervisor.platform.supervisorctl;

import io.jsupervisor.platform.supervisorctl.RpcClient.Fault;
import java.util.List;
import java.util.Map;

/**
 * {@code rolling-restart GROUP [--batch N]}: jsupervisor's {@code jsupervisor.rollingRestart}. The
 * daemon does the roll and answers once it is over; the lines follow, one pair per process
 * restarted, an error line for the one that stopped the roll and for those after it.
 */
final class RollingRestartAction extends ActionGroup {
    static final String NAME = "rolling-restart";
    static final String HELP = "rolling-restart <gname>\t\t\tRestart a group's processes one at a time, each\n"
            + "\t\t\t\t\tready again before the next is stopped\n"
            + "rolling-restart <gname> --batch <n>\tThe same, n processes at a time\n"
            + "Stops at the first process that does not become ready; the ones after it keep running.\n"
            + "A jsupervisor daemon only: the reference supervisord has no such method.";

    RollingRestartAction(Supervisorctl ctl) {
        super(ctl);
    }

    void run(String arg) throws Fault {
        if (!ctl.upcheck()) {
            return;
        }
        List<String> words = Supervisorctl.words(arg);
        String group = null;
        int batch = 1;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            String count = w.startsWith("--batch=") ? w.substring("--batch=".length())
                    : w.equals("--batch") && i + 1 < words.size() ? words.get(++i) : null;
            if (count != null) {
                batch = positive(count);
                if (batch < 1) {
                    misused(NAME, "Error: --batch takes a whole number of 1 or more, not " + count,
                            Supervisorctl.GENERIC);
                    return;
                }
            } else if (group == null && !w.startsWith("-")) {
                group = w;
            } else {
                misused(NAME, "Error: rolling-restart takes one group name and --batch N", Supervisorctl.GENERIC);
                return;
            }
        }
        if (group == null) {
            misused(NAME, "Error: rolling-restart requires a group name", Supervisorctl.GENERIC);
            return;
        }
        List<Map<String, Object>> results;
        try {
            results = ctl.callList("jsupervisor.rollingRestart", group, batch);
        } catch (Fault f) {
            out(switch (f.code) {
                case Supervisorctl.UNKNOWN_METHOD -> "Error: this supervisord cannot do a rolling restart "
                        + "(jsupervisor.rollingRestart: " + f.string + ")";
                case Supervisorctl.BAD_NAME -> group + ": ERROR (no such group)";
                default -> "Error: " + f.string;
            });
            ctl.exitstatus = Supervisorctl.GENERIC;
            return;
        }
        String stoppedAt = null;
        for (Map<String, Object> r : results) {
            String name = Namespecs.namespec(r.get("group"), r.get("name"));
            if (TargetApplier.code(r) == Supervisorctl.SUCCESS) {
                out(name + ": stopped");
                out(name + ": started");
                continue;
            }
            out(name + ": ERROR (" + why(name, String.valueOf(r.get("description"))) + ")");
            if (stoppedAt == null) {
                stoppedAt = name;
            }
        }
        if (stoppedAt != null) {
            out("Error: the rolling restart of " + group + " stopped at " + stoppedAt);
            ctl.exitstatus = Supervisorctl.GENERIC;
        }
    }

    /** A fault's text without its code name and, where it starts with it, the process's name. */
    private static String why(String name, String description) {
        int colon = description.indexOf(": ");
        String text = colon < 0 ? description : description.substring(colon + 2);
        return text.startsWith(name + " ") ? text.substring(name.length() + 1) : text;
    }

    /** The number {@code text} spells, or 0 when it is none. */
    private static int positive(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
