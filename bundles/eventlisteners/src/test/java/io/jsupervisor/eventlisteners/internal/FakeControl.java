package io.jsupervisor.eventlisteners.internal;

import io.jsupervisor.api.config.LogLevel;
import io.jsupervisor.api.process.ProcessInfo;
import io.jsupervisor.api.process.ProcessState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Records what a listener asks of the daemon. */
final class FakeControl implements Control {
    final List<ProcessInfo> processes = new ArrayList<>();
    final List<String> restarted = new ArrayList<>();
    final List<Integer> shutdowns = new ArrayList<>();
    final List<String> log = new ArrayList<>();
    CompletableFuture<Object> restartResult = CompletableFuture.completedFuture(true);

    static ProcessInfo process(String group, String name, ProcessState state, int pid) {
        return new ProcessInfo(name, group, 0, 0, 0, state, "", 0, "", "", pid);
    }

    @Override
    public List<ProcessInfo> processes() {
        return processes;
    }

    @Override
    public CompletionStage<?> restart(String namespec) {
        restarted.add(namespec);
        return restartResult;
    }

    @Override
    public void shutdown(int exitStatus) {
        shutdowns.add(exitStatus);
    }

    @Override
    public void log(LogLevel level, String message) {
        log.add(level.label() + " " + message);
    }
}
