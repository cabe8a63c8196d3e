package io.jsupervisor.core.internal.engine;

import io.jsupervisor.api.process.Fault;
import io.jsupervisor.api.process.SupervisorException;
import io.jsupervisor.core.internal.log.ActivityLog;
import java.io.OutputStream;

/**
 * A process's way into its child: the child's stdin while it runs ({@code sendProcessStdin},
 * an event listener's envelopes) and, for an {@code [eventlistener:x]} process, the listener
 * protocol that reads its answers. Engine thread only; the writes themselves happen off it.
 */
final class ProcessStdin {
    private final String name;
    private final ActivityLog log;
    private StdinWriter writer;
    /** For an [eventlistener:x] process: its protocol state (with its pool); else null. */
    private ListenerProtocol listener;

    ProcessStdin(String name, ActivityLog log) {
        this.name = name;
        this.log = log;
    }

    /** Makes this an [eventlistener:x] process of {@code pool}, speaking the listener protocol. */
    void joinPool(ListenerPool pool) {
        listener = new ListenerProtocol(name, log, pool);
    }

    /** The listener protocol of an [eventlistener:x] process, else null. */
    ListenerProtocol listener() {
        return listener;
    }

    /** A child was spawned: its stdin is {@code stdin}, and a listener starts its protocol afresh. */
    void opened(OutputStream stdin) {
        writer = new StdinWriter(stdin, log, name);
        if (listener != null) {
            listener.reset();
        }
    }

    /** The child ended: its stdin is closed and a listener's protocol is told. */
    void closed() {
        if (writer != null) {
            writer.close();
            writer = null;
        }
        if (listener != null) {
            listener.childEnded();
        }
    }

    /** For a listener: bytes to its stdin (an event envelope), in order, off the engine thread. */
    void writeEnvelope(byte[] data) {
        if (writer != null) {
            writer.writeEnvelope(data);
        }
    }

    /**
     * {@code sendProcessStdin}: queues bytes for the running child's stdin; NO_FILE when it has
     * none. {@code caller} is the name as the caller wrote it, for the fault.
     */
    void send(byte[] data, String caller) {
        if (writer == null) {
            throw new SupervisorException(Fault.NO_FILE, caller);
        }
        writer.write(data);
    }
}
