package io.jsupervisor.core.internal.engine;

import io.jsupervisor.api.process.Signals;

/**
 * A raw wait(2) status decoded as the reference's decode_wait_status does: the exit status and
 * the words the activity log uses ({@code exit status 3}, {@code terminated by SIGTERM}).
 */
record WaitStatus(int exitStatus, String description) {

    static WaitStatus decode(int status) {
        int termsig = status & 0x7f;
        if (termsig == 0) {
            int code = (status >> 8) & 0xff;
            return new WaitStatus(code, "exit status " + code);
        }
        if (termsig != 0x7f) {
            String msg = "terminated by " + Signals.signame(termsig);
            if ((status & 0x80) != 0) {
                msg += " (core dumped)";
            }
            return new WaitStatus(-1, msg);
        }
        return new WaitStatus(-1, "unknown termination cause 0x" + Integer.toHexString(status));
    }
}
