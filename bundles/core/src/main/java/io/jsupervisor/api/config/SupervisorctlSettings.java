package io.jsupervisor.api.config;

/** [supervisorctl]; every field may be null when not set, except {@code prompt}. */
public record SupervisorctlSettings(
        String serverurl, String username, String password, String prompt, String historyFile) {}
