package io.jsupervisor.restapi.internal;

import io.jsupervisor.api.process.Fault;
import io.jsupervisor.api.process.SupervisorException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error answer: the XML-RPC API's fault (same code, same name, same message text) as a JSON
 * body, with the HTTP status that says what kind of failure it is.
 *
 * @param status the HTTP status
 * @param code the fault code, as XML-RPC's faultCode
 * @param fault the fault's name ({@code BAD_NAME})
 * @param message the text XML-RPC's faultString carries ({@code BAD_NAME: foo})
 */
record ApiError(int status, int code, String fault, String message) {

    static ApiError of(SupervisorException e) {
        return new ApiError(httpStatus(e.fault()), e.fault().code(), e.fault().name(), e.getMessage());
    }

    /** A request the API itself cannot take (unknown path, bad parameter, wrong method). */
    static ApiError request(int status, Fault fault, String detail) {
        return new ApiError(status, fault.code(), fault.name(), fault.name() + ": " + detail);
    }

    static int httpStatus(Fault fault) {
        return switch (fault) {
            case BAD_NAME, UNKNOWN_METHOD -> 404;
            case INCORRECT_PARAMETERS, BAD_ARGUMENTS, BAD_SIGNAL, SIGNATURE_UNSUPPORTED -> 400;
            case ALREADY_STARTED, NOT_RUNNING, ALREADY_ADDED, STILL_RUNNING -> 409;
            case NO_FILE, NOT_EXECUTABLE, SPAWN_ERROR, ABNORMAL_TERMINATION, CANT_REREAD -> 422;
            case SHUTDOWN_STATE -> 503;
            case FAILED, SUCCESS -> 500;
        };
    }

    Map<String, Object> json() {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("fault", fault);
        error.put("message", message);
        return Map.of("error", error);
    }
}
