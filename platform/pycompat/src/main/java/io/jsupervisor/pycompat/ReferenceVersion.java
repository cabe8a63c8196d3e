package io.jsupervisor.pycompat;

/**
 * The versions of the reference Supervisor that jsupervisor answers with and checks for, kept in
 * one place so that {@code supervisord -v}, the RPC interface, the web UI and supervisorctl never
 * disagree.
 */
public final class ReferenceVersion {
    /** The Supervisor release whose behaviour this is ({@code supervisord -v}, getSupervisorVersion). */
    public static final String SUPERVISOR = "4.2.5";
    /** That release's RPC API version (getAPIVersion), which supervisorctl requires of the server. */
    public static final String RPC_API = "3.0";

    private ReferenceVersion() {
    }
}
