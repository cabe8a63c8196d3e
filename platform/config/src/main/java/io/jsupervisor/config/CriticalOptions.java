package io.jsupervisor.config;

/**
 * jsupervisor's {@code critical} and {@code critical_exit_status} of a {@code [program:x]} or
 * {@code [fcgi-program:x]}: a program whose failure ends the daemon, the way a container's main
 * process ends the container. The reference ignores both; without {@code critical = true} a
 * program is not critical, whatever {@code critical_exit_status} says.
 */
final class CriticalOptions {
    /** The status a critical program's failure ends the daemon with unless the section says. */
    static final int DEFAULT_EXIT_STATUS = 1;

    private CriticalOptions() {}

    /** The exit status, or null when the program is not critical. */
    static Integer read(OptionLookup options) {
        Boolean critical = options.optional("critical", Datatypes::bool);
        Integer status = options.optional("critical_exit_status", CriticalOptions::exitStatus);
        if (critical == null || !critical) {
            return null;
        }
        return status == null ? DEFAULT_EXIT_STATUS : status;
    }

    /** An exit status a process can have: 0 to 255. */
    static int exitStatus(String value) {
        int status = Datatypes.integer(value);
        if (status < 0 || status > 255) {
            throw new PyValueError("value " + Py.repr(value) + " is not an exit status (0 to 255)");
        }
        return status;
    }
}
