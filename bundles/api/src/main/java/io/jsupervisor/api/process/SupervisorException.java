package io.jsupervisor.api.process;

/**
 * A refused request, carrying the fault the RPC interface reports. The message is the
 * reference's fault string: {@code BAD_NAME: foo}, {@code BAD_NAME: } for an empty name, or just {@code SHUTDOWN_STATE}
 * when the detail is null.
 */
public class SupervisorException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Fault fault;
    private final String detail;

    public SupervisorException(Fault fault, String detail) {
        super(detail == null ? fault.name() : fault.name() + ": " + detail);
        this.fault = fault;
        this.detail = detail;
    }

    public Fault fault() {
        return fault;
    }

    /** The text after {@code CODE_NAME: }, or null. */
    public String detail() {
        return detail;
    }
}
