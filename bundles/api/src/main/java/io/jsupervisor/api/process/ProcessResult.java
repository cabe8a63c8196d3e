package io.jsupervisor.api.process;

/**
 * The outcome for one process of a group or all-process request (the reference's result structs:
 * name, group, status, description).
 *
 * @param status {@link Fault#SUCCESS} with description {@code OK}, or the fault that stopped it
 * @param description {@code OK}, or the fault string ({@code SPAWN_ERROR: web})
 */
public record ProcessResult(String name, String group, Fault status, String description) {
    public static ProcessResult ok(String name, String group) {
        return new ProcessResult(name, group, Fault.SUCCESS, "OK");
    }

    public static ProcessResult failed(String name, String group, SupervisorException e) {
        return new ProcessResult(name, group, e.fault(), e.getMessage());
    }
}
