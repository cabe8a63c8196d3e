package io.jsupervisor.api.process;

/**
 * A refused request, carrying the fault the RPC interface reports. The message is the
 * reference's fault string: {@code BAD_NAME: foo}, or just {@code SHUTDOWN_STATE} without detail.
 */
public class SupervisorException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Fault fault;
    private final String detail;

    public SupervisorException(Fault fault, String detail) {
        super(detail == null || detail.isEmpty() ? fault.name() : fault.name() + ": " + detail);
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
