package io.jsupervisor.core.internal.engine;

import io.jsupervisor.api.process.ProcessInfo;
import io.jsupervisor.api.process.ProcessState;

/**
 * Told of every process state change, on the engine thread, in order. The event bus of the
 * events issue hangs here; it must return at once.
 */
public interface ProcessStateListener {
    void stateChanged(ProcessInfo process, ProcessState from);
}
