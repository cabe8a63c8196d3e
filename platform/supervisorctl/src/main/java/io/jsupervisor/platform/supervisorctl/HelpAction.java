package io.jsupervisor.platform.supervisorctl;

import java.nio.charset.StandardCharsets;

/** The help action: the list of actions, or one action's help. */
final class HelpAction extends ActionGroup {
    HelpAction(Supervisorctl ctl) {
        super(ctl);
    }

    void help(String arg) {
        String a = arg.strip();
        if (!a.isEmpty()) {
            Action action = ActionRegistry.byName(a);
            out(action == null || action.help() == null ? "*** No help on " + a : action.help());
            return;
        }
        out("");
        String header = "default commands (type help <topic>):";
        StringBuilder b = new StringBuilder(header).append('\n').append("=".repeat(header.length())).append('\n');
        TextColumns.columnize(b, ActionRegistry.listed(), 79);
        b.append('\n');
        ctl.write(b.toString().getBytes(StandardCharsets.UTF_8));
    }
}
