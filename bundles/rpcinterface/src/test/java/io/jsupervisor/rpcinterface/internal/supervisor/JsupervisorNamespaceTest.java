package io.jsupervisor.rpcinterface.internal.supervisor;

import static io.jsupervisor.rpcinterface.internal.supervisor.RealEngine.list;
import static io.jsupervisor.rpcinterface.internal.supervisor.RealEngine.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.jsupervisor.api.process.Fault;
import io.jsupervisor.api.process.SupervisorException;
import io.jsupervisor.api.rpc.RpcMethod;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jsupervisor.rollingRestart through its handler, on a real engine. */
class JsupervisorNamespaceTest {
    @TempDir
    Path dir;

    private static Object outcome(RpcMethod m, Object... params) throws Exception {
        try {
            return m.handler().invoke(Arrays.asList(params)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return Stages.unwrap(e);
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static Fault fault(Object outcome) {
        return assertInstanceOf(SupervisorException.class, outcome).fault();
    }

    @Test
    void rollingRestartAnswersAResultStructPerProcessAndChecksItsArguments() throws Exception {
        try (RealEngine e = new RealEngine(dir, "[program:w]\ncommand=sleep 1000\nstartsecs=0\nnumprocs=2\n"
                + "process_name=%(program_name)s_%(process_num)d\n")) {
            e.awaitState("w:w_0", io.jsupervisor.api.process.ProcessState.RUNNING, 10);
            e.awaitState("w:w_1", io.jsupervisor.api.process.ProcessState.RUNNING, 10);
            int pid = e.engine.processInfo("w:w_0").pid();
            RpcMethod m = new JsupervisorNamespace(e.engine).methods().get(0);
            assertEquals("rollingRestart", m.name());
            assertEquals(list(list("array", "string", "int")), m.signatures());

            assertEquals(list(result("w_0", "w", Fault.SUCCESS, "OK"), result("w_1", "w", Fault.SUCCESS, "OK")),
                    outcome(m, "w"));
            assertNotEquals(pid, e.engine.processInfo("w:w_0").pid());
            assertEquals(list(result("w_0", "w", Fault.SUCCESS, "OK"), result("w_1", "w", Fault.SUCCESS, "OK")),
                    outcome(m, "w", 2));

            assertEquals(Fault.BAD_NAME, fault(outcome(m, "nope")));
            assertEquals(Fault.BAD_ARGUMENTS, fault(outcome(m, "w", 0)));
            assertEquals(Fault.BAD_ARGUMENTS, fault(outcome(m, "w", "2")));
            assertEquals(Fault.INCORRECT_PARAMETERS, fault(outcome(m)));
            assertEquals(Fault.INCORRECT_PARAMETERS, fault(outcome(m, "w", 1, 2)));
            assertEquals(Fault.INCORRECT_PARAMETERS, fault(outcome(m, 5)));
        }
    }
}
