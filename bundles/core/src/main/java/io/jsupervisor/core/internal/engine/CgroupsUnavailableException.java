package io.jsupervisor.core.internal.engine;

import java.io.IOException;

/**
 * A program asks for a cgroup or a limit this machine cannot give, and does not allow running
 * without ({@code cgroup_required = true}): the daemon does not start. The message names the
 * program, the option and what is missing.
 */
public final class CgroupsUnavailableException extends IOException {
    private static final long serialVersionUID = 1L;

    CgroupsUnavailableException(String message) {
        super(message);
    }
}
