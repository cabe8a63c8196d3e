package io.jsupervisor.api.process;

import java.util.EnumSet;
import java.util.Set;

/** A process's state, with the reference's numeric codes. */
public enum ProcessState {
    STOPPED(0),
    STARTING(10),
    RUNNING(20),
    BACKOFF(30),
    STOPPING(40),
    EXITED(100),
    FATAL(200),
    UNKNOWN(1000);

    /** States in which a process is considered stopped (the reference's STOPPED_STATES). */
    public static final Set<ProcessState> STOPPED_STATES = EnumSet.of(STOPPED, EXITED, FATAL, UNKNOWN);
    /** States from which a start is refused as already started (RUNNING_STATES). */
    public static final Set<ProcessState> RUNNING_STATES = EnumSet.of(RUNNING, BACKOFF, STARTING);
    /** States in which a signal may be sent (SIGNALLABLE_STATES). */
    public static final Set<ProcessState> SIGNALLABLE_STATES = EnumSet.of(RUNNING, STARTING, STOPPING);

    private final int code;

    ProcessState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
