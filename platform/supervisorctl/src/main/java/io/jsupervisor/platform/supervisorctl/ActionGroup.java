package io.jsupervisor.platform.supervisorctl;

/** What the classes holding related actions share: the client they act through and its output. */
abstract class ActionGroup {
    final Supervisorctl ctl;

    ActionGroup(Supervisorctl ctl) {
        this.ctl = ctl;
    }

    final void out(String s) {
        ctl.output(s);
    }

    final void helpFor(String action) {
        out(ActionRegistry.byName(action).help());
    }

    /** The reference's answer to wrong arguments: the error line, an exit status, the action's help. */
    final void misused(String action, String error, int exitstatus) {
        out(error);
        ctl.exitstatus = exitstatus;
        helpFor(action);
    }

    /** True, after the reference's complaint, when an action that takes no arguments was given some. */
    final boolean refusesArguments(String action, String arg) {
        if (arg.isEmpty()) {
            return false;
        }
        misused(action, "Error: " + action + " accepts no arguments", Supervisorctl.GENERIC);
        return true;
    }
}
