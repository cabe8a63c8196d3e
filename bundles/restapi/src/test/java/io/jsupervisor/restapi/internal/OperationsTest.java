package io.jsupervisor.restapi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jsupervisor.api.process.Fault;
import io.jsupervisor.api.process.ProcessManager;
import io.jsupervisor.api.process.ProcessResult;
import io.jsupervisor.api.process.SupervisorException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.util.Fields;
import org.junit.jupiter.api.Test;

class OperationsTest {
    /** The calls made to the manager, as {@code method(arg, ...)}; what each answers is set per test. */
    private final List<String> calls = new ArrayList<>();
    private List<ProcessResult> answer = List.of();
    private RuntimeException failure;

    private final ProcessManager manager = (ProcessManager) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {ProcessManager.class}, (proxy, method, args) -> {
                calls.add(method.getName() + Arrays.toString(args == null ? new Object[0] : args));
                if (failure != null) {
                    throw failure;
                }
                return switch (method.getName()) {
                    case "startAllProcesses", "stopAllProcesses", "signalAllProcesses" ->
                            CompletableFuture.completedFuture(answer);
                    case "clearProcessLogs" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                };
            });
    private final Operations operations = new Operations(manager);

    private static Fields query(String... pairs) {
        Fields f = new Fields();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            f.add(pairs[i], pairs[i + 1]);
        }
        return f;
    }

    private static Object value(java.util.concurrent.CompletionStage<Object> stage) throws Exception {
        return stage.toCompletableFuture().get();
    }

    @Test
    void stopAllAnswersOneResultPerProcess() throws Exception {
        answer = List.of(ProcessResult.ok("web", "web"),
                ProcessResult.failed("w_0", "w", new SupervisorException(Fault.NOT_RUNNING, "w:w_0")));
        Object body = value(operations.onAll("stop", query()));
        assertEquals(List.of("stopAllProcesses[true]"), calls);
        assertEquals(Map.of("results", List.of(
                Map.of("name", "web", "group", "web", "status", 80, "fault", "SUCCESS", "description", "OK"),
                Map.of("name", "w_0", "group", "w", "status", 70, "fault", "NOT_RUNNING",
                        "description", "NOT_RUNNING: w:w_0"))), body);
    }

    @Test
    void restartAllStopsEverythingThenStartsWithTheWaitAsked() throws Exception {
        answer = List.of(ProcessResult.ok("web", "web"));
        value(operations.onAll("restart", query("wait", "false")));
        // the stop always waits: a start while processes are still stopping would find them running
        assertEquals(List.of("stopAllProcesses[true]", "startAllProcesses[false]"), calls);
    }

    @Test
    void startAndSignalAllTakeTheirParameters() throws Exception {
        value(operations.onAll("start", query()));
        value(operations.onAll("signal", query("signal", "HUP")));
        assertEquals(List.of("startAllProcesses[true]", "signalAllProcesses[HUP]"), calls);
        assertThrows(IllegalArgumentException.class, () -> operations.onAll("signal", query()));
        assertThrows(IllegalArgumentException.class, () -> operations.onAll("start", query("wait", "maybe")));
        assertThrows(IllegalArgumentException.class, () -> operations.onAll("explode", query()));
    }

    @Test
    void clearLogsEmptiesBothLogsOfTheProcessAndPassesFaultsOn() throws Exception {
        assertEquals(Map.of("ok", true), value(operations.clearLogs("grp:one")));
        assertEquals(List.of("clearProcessLogs[grp:one]"), calls);
        failure = new SupervisorException(Fault.BAD_NAME, "nope");
        ExecutionException e = assertThrows(ExecutionException.class, () -> value(operations.clearLogs("nope")));
        SupervisorException cause = assertInstanceOf(SupervisorException.class, e.getCause());
        assertEquals(Fault.BAD_NAME, cause.fault());
    }
}
