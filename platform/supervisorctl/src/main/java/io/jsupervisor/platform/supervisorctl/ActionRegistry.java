package io.jsupervisor.platform.supervisorctl;

import io.jsupervisor.platform.supervisorctl.Action.Completion;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Every action of the shell, each registered once with its help text, handler and completion. */
final class ActionRegistry {
    private static final Map<String, Action> BY_NAME = new LinkedHashMap<>();
    /**
     * jsupervisor's own actions: they have help and complete, but the {@code help} listing stays
     * the reference client's, which scripts and the comparisons with it read.
     */
    private static final Set<String> OWN = new HashSet<>();

    private ActionRegistry() {
    }

    private static void register(Action a) {
        BY_NAME.put(a.name(), a);
    }

    private static Action leave(String name, String help) {
        return new Action(name, help, (ctl, arg) -> {
            ctl.output("");
            return true;
        }, Completion.NONE);
    }

    static {
        register(Action.of("help", "help\t\tPrint a list of available actions\nhelp <action>\tPrint help for <action>",
                Completion.ACTIONS, (ctl, a) -> new HelpAction(ctl).help(a)));
        // as the reference, EOF ends the shell but has no help of its own and is not listed
        register(leave("EOF", null));
        register(leave("quit", "quit\tLeave the shell."));
        register(leave("exit", "exit\tLeave the shell."));
        register(Action.of("status", "status <name>\t\tStatus of one process\nstatus <gname>:*\tStatus of every "
                + "process of a group\nstatus <name> <name>\tStatus of several processes\nstatus\t\t\tStatus of all",
                Completion.PROCESSES, (ctl, a) -> new StatusQueries(ctl).status(a)));
        register(Action.of("pid", "pid\t\t\tThe pid of supervisord itself.\npid <name>\t\tThe pid of one child "
                + "process.\npid all\t\t\tThe pid of each child process, one a line.",
                Completion.PROCESSES, (ctl, a) -> new StatusQueries(ctl).pid(a)));
        register(Action.of("start", "start <name>\t\tStart one process\nstart <gname>:*\t\tStart a group's "
                + "processes\nstart <name> <name>\tStart several processes or groups\nstart all\t\tStart everything",
                Completion.PROCESSES, (ctl, a) -> new ProcessControl(ctl).start(a)));
        register(Action.of("stop", "stop <name>\t\tStop one process\nstop <gname>:*\t\tStop a group's processes\n"
                + "stop <name> <name>\tStop several processes or groups\nstop all\t\tStop everything",
                Completion.PROCESSES, (ctl, a) -> new ProcessControl(ctl).stop(a)));
        register(Action.of("signal", "signal <signal name> <name>\t\tSend a signal to one process\n"
                + "signal <signal name> <gname>:*\t\tSend it to a group's processes\n"
                + "signal <signal name> <name> <name>\tSend it to several processes or groups\n"
                + "signal <signal name> all\t\tSend it to every process",
                Completion.PROCESSES, (ctl, a) -> new ProcessControl(ctl).signal(a)));
        register(Action.of("restart", "restart <name>\t\tStop then start one process\nrestart <gname>:*\tThe same "
                + "for a group\nrestart <name> <name>\tThe same for several processes or groups\nrestart all\t\tThe "
                + "same for every process\nNote: restart keeps the loaded config; use reread and update to apply "
                + "changes.", Completion.PROCESSES, (ctl, a) -> new ProcessControl(ctl).restart(a)));
        register(Action.of("tail", "tail [-f] <name> [stdout|stderr] (default stdout)\nEx:\n"
                + "tail -f <name>\t\tFollow the process's stdout log until Ctrl-C\n"
                + "tail -100 <name>\tThe last 100 bytes of the stdout log\n"
                + "tail <name> stderr\tThe last 1600 bytes of the stderr log",
                Completion.PROCESSES, (ctl, a) -> new LogTail(ctl).tail(a)));
        register(Action.of("maintail", "maintail -f \tFollow supervisord's own log until Ctrl-C\n"
                + "maintail -100\tThe last 100 bytes of supervisord's log\n"
                + "maintail\tThe last 1600 bytes of supervisord's log\n",
                Completion.NONE, (ctl, a) -> new LogTail(ctl).maintail(a)));
        register(Action.of("clear", "clear <name>\t\tEmpty a process's log files.\nclear <name> <name>\tThe same "
                + "for several processes\nclear all\t\tThe same for every process",
                Completion.PROCESSES, (ctl, a) -> new ProcessControl(ctl).clear(a)));
        register(Action.of("avail", "avail\t\t\tList every configured process",
                Completion.NONE, (ctl, a) -> new ConfigActions(ctl).avail(a)));
        register(Action.of("reread", "reread \t\t\tRead the config files again; report changes, apply none",
                Completion.NONE, (ctl, a) -> new ConfigActions(ctl).reread(a)));
        register(Action.of("update", "update\t\t\tReread the config, then add, remove and restart groups to match\n"
                + "update all\t\tThe same as update\nupdate <gname> [...]\tOnly for the named groups",
                Completion.GROUPS, (ctl, a) -> new ConfigActions(ctl).update(a)));
        register(Action.of("add", "add <name> [...]\tStart managing a group that reread reported as available",
                Completion.GROUPS, (ctl, a) -> new ConfigActions(ctl).add(a)));
        register(Action.of("remove", "remove <name> [...]\tStop managing a (stopped) group",
                Completion.GROUPS, (ctl, a) -> new ConfigActions(ctl).remove(a)));
        register(Action.of("version", "version\t\t\tThe version of the supervisord we talk to",
                Completion.NONE, (ctl, a) -> new DaemonControl(ctl).version(a)));
        register(Action.of("reload", "reload \t\tRestart supervisord (rereads its config).",
                Completion.NONE, (ctl, a) -> new DaemonControl(ctl).reload(a)));
        register(Action.of("shutdown", "shutdown \tStop supervisord and everything it runs.",
                Completion.NONE, (ctl, a) -> new DaemonControl(ctl).shutdown(a)));
        register(Action.of("open", "open <url>\tTalk to another supervisord.\n\t\t(a UNIX socket is "
                + "unix:///path/to/socket)", Completion.NONE, (ctl, a) -> new DaemonControl(ctl).open(a)));
        register(Action.of(RollingRestartAction.NAME, RollingRestartAction.HELP, Completion.GROUPS,
                (ctl, a) -> new RollingRestartAction(ctl).run(a)));
        OWN.add(RollingRestartAction.NAME);
        register(Action.of("fg", "fg <process>\tAttach to a process: its output here, your lines to its stdin\n"
                + "\t\tCtrl-C to detach", Completion.PROCESSES, (ctl, a) -> new Foreground(ctl).fg(a)));
    }

    /** The action of that name, or null. */
    static Action byName(String name) {
        return BY_NAME.get(name);
    }

    /**
     * Where the action word of {@code line} ends when it names one of jsupervisor's hyphenated
     * actions ({@code rolling-restart}); else {@code n}, where the reference's identifier rule ended
     * it (so {@code status-x} is still {@code status} with the argument {@code -x}).
     */
    static int ownActionEnd(String line, int n) {
        int end = n;
        while (end < line.length() && (Character.isLetterOrDigit(line.charAt(end)) || line.charAt(end) == '_'
                || line.charAt(end) == '-')) {
            end++;
        }
        return end > n && ActionRegistry.byName(line.substring(0, end)) != null ? end : n;
    }

    /** What {@code help} lists, sorted: every action with help except help itself. */
    static List<String> listed() {
        List<String> names = new ArrayList<>();
        for (Action a : BY_NAME.values()) {
            if (a.help() != null && !a.name().equals("help") && !OWN.contains(a.name())) {
                names.add(a.name());
            }
        }
        names.sort(null);
        return names;
    }

    /** What an action's name completes from, sorted: every action with help. */
    static List<String> completable() {
        List<String> names = new ArrayList<>(listed());
        names.add("help");
        names.addAll(OWN);
        names.sort(null);
        return names;
    }
}
