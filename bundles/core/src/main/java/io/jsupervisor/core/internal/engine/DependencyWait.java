package io.jsupervisor.core.internal.engine;

import io.jsupervisor.api.process.ProcessState;

/**
 * One process's wait for its dependencies: which one holds its start back (said once in the
 * activity log, and in the description as "waiting for db"), and whether a caller's start is
 * pending until they are ready. Engine thread only.
 */
final class DependencyWait {
    /** What a start the pass wants to make should do now. */
    enum Outcome {
        /** Every dependency is ready. */
        START,
        /** One is not ready yet. */
        WAIT,
        /** A caller's pending start meets a FATAL dependency: the caller is told, nothing starts. */
        GIVE_UP
    }

    private ProcessRuntime blocker;
    private boolean blockerFatal;
    private boolean startPending;

    Outcome check(ProcessRuntime self, EngineContext ctx) {
        ProcessRuntime dependency = ctx.unreadyDependency(self);
        if (dependency == null) {
            return Outcome.START;
        }
        boolean fatal = dependency.state() == ProcessState.FATAL;
        if (dependency != blocker || fatal != blockerFatal) {
            blocker = dependency;
            blockerFatal = fatal;
            if (fatal) {
                ctx.log().warn("not starting " + self.config.name() + ": " + dependency.namespec() + " is FATAL");
            } else {
                ctx.log().info("not starting " + self.config.name() + " yet: waiting for " + dependency.namespec()
                        + " to be ready");
            }
        }
        if (fatal && startPending) {
            startPending = false;
            return Outcome.GIVE_UP;
        }
        return Outcome.WAIT;
    }

    /** The dependency that holds the start back, or null. */
    ProcessRuntime blocker() {
        return blocker;
    }

    /** A caller's start waits for the dependencies (the pass makes it). */
    void requestStart() {
        startPending = true;
    }

    boolean startPending() {
        return startPending;
    }

    /** The process changed state or spawned: nothing holds it back any more. */
    void clear(boolean spawned) {
        blocker = null;
        blockerFatal = false;
        if (spawned) {
            startPending = false;
        }
    }
}
