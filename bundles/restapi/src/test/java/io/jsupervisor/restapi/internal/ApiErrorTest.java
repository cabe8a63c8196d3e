package io.jsupervisor.restapi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jsupervisor.api.process.Fault;
import io.jsupervisor.api.process.SupervisorException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiErrorTest {
    @Test
    void aFaultKeepsTheXmlRpcCodeNameAndMessage() {
        ApiError e = ApiError.of(new SupervisorException(Fault.BAD_NAME, "nope"));
        assertEquals(404, e.status());
        assertEquals(Map.of("error", Map.of("code", 10, "fault", "BAD_NAME", "message", "BAD_NAME: nope")), e.json());
    }

    @Test
    void everyFaultHasAStatusThatSaysItsKind() {
        assertEquals(409, ApiError.httpStatus(Fault.ALREADY_STARTED));
        assertEquals(409, ApiError.httpStatus(Fault.NOT_RUNNING));
        assertEquals(503, ApiError.httpStatus(Fault.SHUTDOWN_STATE));
        assertEquals(422, ApiError.httpStatus(Fault.SPAWN_ERROR));
        assertEquals(400, ApiError.httpStatus(Fault.BAD_SIGNAL));
        for (Fault f : Fault.values()) {
            int s = ApiError.httpStatus(f);
            assertEquals(true, s >= 400 && s < 600, f + " -> " + s);
        }
    }
}
