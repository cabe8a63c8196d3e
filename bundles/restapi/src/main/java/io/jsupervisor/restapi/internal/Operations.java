package io.jsupervisor.restapi.internal;

import io.jsupervisor.api.config.ProcessGroupConfig;
import io.jsupervisor.api.process.Fault;
import io.jsupervisor.api.process.ProcessManager;
import io.jsupervisor.api.process.ReloadResult;
import io.jsupervisor.api.process.SupervisorException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.eclipse.jetty.util.Fields;

/**
 * What the API's requests do with the {@link ProcessManager}, in the terms {@code supervisorctl}
 * uses: {@code restart} is a stop (a process that is not running is no error) followed by a
 * start, {@code update} applies a reread as supervisorctl's update does (removed groups are
 * stopped and removed, changed ones stopped, removed and added again, new ones added).
 */
final class Operations {
    static final Set<String> ACTIONS = Set.of("start", "stop", "restart", "signal");

    private final ProcessManager manager;

    Operations(ProcessManager manager) {
        this.manager = manager;
    }

    CompletionStage<Object> onProcess(String namespec, String action, Fields q) {
        boolean wait = Http.flag(q, "wait", true);
        return switch (action) {
            case "start" -> manager.startProcess(namespec, wait).thenApply(b -> Views.ok());
            case "stop" -> manager.stopProcess(namespec, wait).thenApply(b -> Views.ok());
            case "restart" -> quietStop(() -> manager.stopProcess(namespec, true))
                    .thenCompose(x -> manager.startProcess(namespec, wait)).thenApply(b -> Views.ok());
            case "signal" -> manager.signalProcess(namespec, Http.required(q, "signal")).thenApply(b -> Views.ok());
            default -> throw new IllegalArgumentException("no action " + action);
        };
    }

    CompletionStage<Object> onGroup(String group, String action, Fields q) {
        boolean wait = Http.flag(q, "wait", true);
        return switch (action) {
            case "start" -> manager.startProcessGroup(group, wait).thenApply(Views::results);
            case "stop" -> manager.stopProcessGroup(group, wait).thenApply(Views::results);
            case "restart" -> manager.stopProcessGroup(group, true)
                    .thenCompose(x -> manager.startProcessGroup(group, wait)).thenApply(Views::results);
            case "signal" -> manager.signalProcessGroup(group, Http.required(q, "signal")).thenApply(Views::results);
            default -> throw new IllegalArgumentException("no action " + action);
        };
    }

    /**
     * An action on every process, as supervisorctl's {@code start all}, {@code stop all},
     * {@code restart all}: one result per process.
     */
    CompletionStage<Object> onAll(String action, Fields q) {
        boolean wait = Http.flag(q, "wait", true);
        return switch (action) {
            case "start" -> manager.startAllProcesses(wait).thenApply(Views::results);
            case "stop" -> manager.stopAllProcesses(wait).thenApply(Views::results);
            case "restart" -> manager.stopAllProcesses(true)
                    .thenCompose(x -> manager.startAllProcesses(wait)).thenApply(Views::results);
            case "signal" -> manager.signalAllProcesses(Http.required(q, "signal")).thenApply(Views::results);
            default -> throw new IllegalArgumentException("no action " + action);
        };
    }

    /** Empties a process's stdout and stderr logs (clearProcessLogs). */
    CompletionStage<Object> clearLogs(String namespec) {
        return done(() -> {
            manager.clearProcessLogs(namespec);
            return Views.ok();
        });
    }

    List<Object> groups() {
        List<Object> out = new ArrayList<>();
        for (ProcessGroupConfig g : manager.activeGroups()) {
            out.add(Views.group(g));
        }
        return out;
    }

    Map<String, Object> group(String name) {
        for (ProcessGroupConfig g : manager.activeGroups()) {
            if (g.name().equals(name)) {
                return Views.group(g);
            }
        }
        throw new SupervisorException(Fault.BAD_NAME, name);
    }

    CompletionStage<Object> addGroup(String name) {
        return done(() -> {
            manager.addProcessGroup(name);
            return Views.ok();
        });
    }

    CompletionStage<Object> removeGroup(String name) {
        return done(() -> {
            manager.removeProcessGroup(name);
            return Views.ok();
        });
    }

    void daemon(String action) {
        if (action.equals("shutdown")) {
            manager.shutdown();
        } else {
            manager.restart();
        }
    }

    /** Reread, then apply group by group, in the order supervisorctl's update does. */
    CompletionStage<Object> update() {
        ReloadResult r = manager.reloadConfig();
        List<Object> applied = new ArrayList<>();
        CompletionStage<?> chain = CompletableFuture.completedFuture(null);
        for (String name : r.removed()) {
            chain = chain.thenCompose(x -> step(applied, name, "removed",
                    () -> manager.stopProcessGroup(name, true).thenRun(() -> manager.removeProcessGroup(name))));
        }
        for (String name : r.changed()) {
            chain = chain.thenCompose(x -> step(applied, name, "changed",
                    () -> manager.stopProcessGroup(name, true).thenRun(() -> {
                        manager.removeProcessGroup(name);
                        manager.addProcessGroup(name);
                    })));
        }
        for (String name : r.added()) {
            chain = chain.thenCompose(x -> step(applied, name, "added",
                    () -> done(() -> manager.addProcessGroup(name))));
        }
        return chain.thenApply(x -> Map.of("groups", applied));
    }

    /** One group of an update: its outcome is recorded and the update goes on either way. */
    private static CompletionStage<Void> step(List<Object> applied, String name, String action,
            Supplier<CompletionStage<?>> work) {
        CompletionStage<?> stage;
        try {
            stage = work.get();
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        return stage.handle((v, t) -> {
            Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("action", action);
            m.put("ok", cause == null);
            m.put("message", cause == null ? "" : cause.getMessage());
            synchronized (applied) {
                applied.add(m);
            }
            return null;
        });
    }

    /** A stop in which NOT_RUNNING is not a failure. */
    private static CompletionStage<Object> quietStop(Supplier<CompletionStage<Boolean>> stop) {
        CompletionStage<Boolean> s;
        try {
            s = stop.get();
        } catch (SupervisorException e) {
            s = CompletableFuture.failedFuture(e);
        }
        return s.handle((v, t) -> {
            Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
            if (cause == null || (cause instanceof SupervisorException e && e.fault() == Fault.NOT_RUNNING)) {
                return null;
            }
            throw cause instanceof RuntimeException re ? re : new CompletionException(cause);
        });
    }

    private static <T> CompletionStage<T> done(Supplier<T> work) {
        try {
            return CompletableFuture.completedFuture(work.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
