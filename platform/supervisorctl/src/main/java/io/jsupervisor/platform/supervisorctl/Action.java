package io.jsupervisor.platform.supervisorctl;

import io.jsupervisor.platform.supervisorctl.RpcClient.Fault;

/**
 * One action of the shell, registered once in {@link ActionRegistry}: dispatch, help and completion all
 * read it from there.
 *
 * @param name the word that selects it
 * @param help what {@code help <name>} prints, or null when the reference has none
 * @param handler what it does
 * @param completion what its arguments complete to
 */
record Action(String name, String help, Handler handler, Completion completion) {

    /** Runs the action; true when the shell should end. */
    interface Handler {
        boolean run(Supervisorctl ctl, String arg) throws Fault;
    }

    /** A handler that never ends the shell. */
    interface Step {
        void run(Supervisorctl ctl, String arg) throws Fault;
    }

    /** What the words after the action complete to. */
    enum Completion {
        NONE, ACTIONS, GROUPS, PROCESSES
    }

    static Action of(String name, String help, Completion completion, Step step) {
        return new Action(name, help, (ctl, arg) -> {
            step.run(ctl, arg);
            return false;
        }, completion);
    }
}
