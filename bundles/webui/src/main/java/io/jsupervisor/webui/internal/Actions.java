package io.jsupervisor.webui.internal;

import io.jsupervisor.api.process.Fault;
import io.jsupervisor.api.process.ProcessManager;
import io.jsupervisor.api.process.ProcessResult;
import io.jsupervisor.api.process.SupervisorException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The status page's actions and the messages the reference's page shows for them
 * ({@code Process web started}, {@code ERROR: Process web: spawn error}, {@code All stopped at ...}),
 * plus whole-group actions (a processname of {@code group:*}), which the reference does not have.
 */
final class Actions {
    /** What an action did: the message for the banner, and whether it is an error. */
    record Outcome(boolean ok, String message) {}

    /** Python's time.ctime(): {@code Mon Nov  3 20:24:09 2026}. */
    private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);

    static final List<String> PROCESS_ACTIONS = List.of("start", "stop", "restart", "clearlog");
    static final List<String> PAGE_ACTIONS = List.of("refresh", "restartall", "stopall");

    private final ProcessManager manager;

    Actions(ProcessManager manager) {
        this.manager = manager;
    }

    static boolean known(String action) {
        return PROCESS_ACTIONS.contains(action) || PAGE_ACTIONS.contains(action);
    }

    /** A human question for the confirmation page, e.g. {@code Stop process web?}. */
    static String question(String action, String namespec) {
        String target = namespec == null || namespec.isEmpty() ? ""
                : namespec.endsWith(":*") ? " every process of group " + namespec.substring(0, namespec.length() - 2)
                : " process " + namespec;
        return switch (action) {
            case "start" -> "Start" + target + "?";
            case "stop" -> "Stop" + target + "?";
            case "restart" -> "Restart" + target + "?";
            case "clearlog" -> "Clear the log of" + target + "?";
            case "stopall" -> "Stop all processes?";
            case "restartall" -> "Restart all processes?";
            default -> "Refresh the page?";
        };
    }

    /**
     * Runs an action; the stage completes off the engine thread. (Continuations run on the
     * thread that completes a stage, and the engine does not expect to be called back into
     * while it completes one: every follow-up call here is made asynchronously.)
     */
    CompletionStage<Outcome> run(String action, String namespec) {
        try {
            return dispatch(action == null ? "" : action, namespec == null ? "" : namespec)
                    .handleAsync((o, t) -> t == null ? o : new Outcome(false, describe(unwrap(t))));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(new Outcome(false, describe(e)));
        }
    }

    private CompletionStage<Outcome> dispatch(String action, String namespec) {
        switch (action) {
            case "refresh":
                return done(true, "Page refreshed at " + now());
            case "stopall":
                return manager.stopAllProcesses(true).thenApply(r -> summary(r, "All stopped at " + now()));
            case "restartall":
                return manager.stopAllProcesses(true)
                        .thenComposeAsync(stopped -> manager.startAllProcesses(true))
                        .thenApply(r -> summary(r, "All restarted at " + now()));
            default:
                break;
        }
        if (!PROCESS_ACTIONS.contains(action)) {
            return done(false, "ERROR: unknown action " + action);
        }
        if (namespec.endsWith(":*")) {
            return group(action, namespec.substring(0, namespec.length() - 2));
        }
        try {
            manager.processInfo(namespec);
        } catch (SupervisorException e) {
            if (e.fault() == Fault.BAD_NAME) {
                return done(false, "No such process named " + namespec);
            }
            throw e;
        }
        switch (action) {
            case "start":
                return manager.startProcess(namespec, true)
                        .handle((ok, t) -> t == null ? new Outcome(true, "Process " + namespec + " started")
                                : startFailed(namespec, unwrap(t)));
            case "stop":
                return manager.stopProcess(namespec, true)
                        .handle((ok, t) -> t == null ? new Outcome(true, "Process " + namespec + " stopped")
                                : new Outcome(false, describe(unwrap(t))));
            case "restart":
                // as the reference: stop (a process already stopped is fine), then start
                return manager.stopProcess(namespec, true)
                        .handleAsync((ok, t) -> null)
                        .thenComposeAsync(x -> manager.startProcess(namespec, true))
                        .handle((ok, t) -> t == null ? new Outcome(true, "Process " + namespec + " restarted")
                                : startFailed(namespec, unwrap(t)));
            default: // clearlog
                manager.clearProcessLogs(namespec);
                return done(true, "Log for " + namespec + " cleared");
        }
    }

    private CompletionStage<Outcome> group(String action, String group) {
        CompletionStage<List<ProcessResult>> stage = switch (action) {
            case "start" -> manager.startProcessGroup(group, true);
            case "stop" -> manager.stopProcessGroup(group, true);
            case "restart" -> manager.stopProcessGroup(group, true)
                    .thenComposeAsync(r -> manager.startProcessGroup(group, true));
            default -> {
                List<ProcessResult> results = new ArrayList<>();
                manager.allProcessInfo().stream().filter(p -> p.group().equals(group)).forEach(p -> {
                    try {
                        manager.clearProcessLogs(p.namespec());
                        results.add(ProcessResult.ok(p.name(), p.group()));
                    } catch (SupervisorException e) {
                        results.add(ProcessResult.failed(p.name(), p.group(), e));
                    }
                });
                if (results.isEmpty()) {
                    throw new SupervisorException(Fault.BAD_NAME, group);
                }
                yield CompletableFuture.completedFuture(results);
            }
        };
        String verb = switch (action) {
            case "start" -> "started";
            case "stop" -> "stopped";
            case "restart" -> "restarted";
            default -> "logs cleared";
        };
        return stage.handle((r, t) -> {
            if (t != null) {
                Throwable e = unwrap(t);
                if (e instanceof SupervisorException s && s.fault() == Fault.BAD_NAME) {
                    return new Outcome(false, "No such group named " + group);
                }
                return new Outcome(false, describe(e));
            }
            return summary(r, "Group " + group + " " + verb);
        });
    }

    /** {@code ok} when every result succeeded, else an error listing the failures. */
    private static Outcome summary(List<ProcessResult> results, String ok) {
        List<String> failed = new ArrayList<>();
        for (ProcessResult r : results) {
            if (r.status() != Fault.SUCCESS) {
                String name = r.group().equals(r.name()) ? r.name() : r.group() + ":" + r.name();
                failed.add(name + ": " + phrase(r.status(), r.description()));
            }
        }
        if (failed.isEmpty()) {
            return new Outcome(true, ok);
        }
        return new Outcome(false, "ERROR: " + ok + ", except " + String.join("; ", failed));
    }

    private static Outcome startFailed(String namespec, Throwable t) {
        if (t instanceof SupervisorException e) {
            return new Outcome(false, "ERROR: Process " + namespec + ": " + phrase(e.fault(), e.getMessage()));
        }
        return new Outcome(false, describe(t));
    }

    /** The reference's words for the start faults; anything else as an unexpected fault. */
    private static String phrase(Fault f, String text) {
        return switch (f) {
            case NO_FILE -> "no such file";
            case NOT_EXECUTABLE -> "file not executable";
            case ALREADY_STARTED -> "already started";
            case SPAWN_ERROR -> "spawn error";
            case ABNORMAL_TERMINATION -> "abnormal termination";
            case NOT_RUNNING -> "not running";
            default -> "unexpected rpc fault [" + f.code() + "] " + text;
        };
    }

    private static String describe(Throwable t) {
        if (t instanceof SupervisorException e) {
            return "unexpected rpc fault [" + e.fault().code() + "] " + e.getMessage();
        }
        return "ERROR: " + t;
    }

    private static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static CompletionStage<Outcome> done(boolean ok, String message) {
        return CompletableFuture.completedFuture(new Outcome(ok, message));
    }

    private static String now() {
        return LocalDateTime.now().format(CTIME);
    }
}
