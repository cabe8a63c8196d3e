package io.jsupervisor.core.internal.engine;

import io.jsupervisor.core.internal.log.ActivityLog;
import io.jsupervisor.pycompat.PyRepr;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The event listener protocol as seen on one listener's stdout: {@code READY\n} to ask for an
 * event, {@code RESULT <len>\n<result>} to answer it. Engine thread only; the stdout pump hands
 * the bytes over as they arrive. The states and their rules follow the reference's
 * PEventListenerDispatcher, including its strictness: anything unexpected puts the listener in
 * UNKNOWN, where it receives nothing more until it is restarted.
 */
final class ListenerProtocol {
    enum State { ACKNOWLEDGED, READY, BUSY, UNKNOWN }

    /** What the pool does with a listener's answer. */
    interface Outcome {
        /** The listener answered {@code result} for the event it was sent. */
        void result(ListenerProtocol listener, Delivery event, byte[] result);

        /** The event the listener held can't be answered (bad result line, death): send it again. */
        void rejected(Delivery event);
    }

    private static final byte[] READY = "READY\n".getBytes(StandardCharsets.US_ASCII);
    private static final int RESULT_PREFIX = "RESULT ".length();

    private final String name;
    private final ActivityLog log;
    private final Outcome outcome;
    State state = State.ACKNOWLEDGED;
    /** The event sent while BUSY, or null. */
    Delivery event;
    private byte[] pending = new byte[0];
    private int resultLength = -1;
    private final ByteArrayOutputStream result = new ByteArrayOutputStream();

    ListenerProtocol(String name, ActivityLog log, Outcome outcome) {
        this.name = name;
        this.log = log;
        this.outcome = outcome;
    }

    /** A new child of this listener process starts over. */
    void reset() {
        state = State.ACKNOWLEDGED;
        event = null;
        pending = new byte[0];
        resultLength = -1;
        result.reset();
    }

    /** The child ended: an event it held and never answered goes back to the pool, to be sent again. */
    void childEnded() {
        if (event != null) {
            Delivery d = event;
            event = null;
            outcome.rejected(d);
        }
    }

    void sent(Delivery d) {
        change(State.BUSY);
        event = d;
    }

    void feed(byte[] data) {
        if (data.length == 0) {
            return;
        }
        byte[] all = Arrays.copyOf(pending, pending.length + data.length);
        System.arraycopy(data, 0, all, pending.length, data.length);
        pending = all;
        while (pending.length > 0 && step()) {
            // each step consumes what it understood
        }
    }

    /** One step of the state machine over {@link #pending}; false when it needs more bytes. */
    private boolean step() {
        switch (state) {
            case UNKNOWN:
                pending = new byte[0];
                return false;
            case ACKNOWLEDGED:
                if (pending.length < READY.length) {
                    return false;
                }
                if (Arrays.equals(pending, 0, READY.length, READY, 0, READY.length)) {
                    change(State.READY);
                    pending = Arrays.copyOfRange(pending, READY.length, pending.length);
                    event = null;
                    return true;
                }
                change(State.UNKNOWN);
                pending = new byte[0];
                event = null;
                return false;
            case READY:
                // nothing may come before an event is sent
                change(State.UNKNOWN);
                pending = new byte[0];
                event = null;
                return false;
            case BUSY:
            default:
                return busy();
        }
    }

    private boolean busy() {
        if (resultLength < 0) {
            int nl = indexOf(pending, (byte) '\n');
            if (nl < 0) {
                return false;
            }
            byte[] line = Arrays.copyOfRange(pending, 0, nl);
            pending = Arrays.copyOfRange(pending, nl + 1, pending.length);
            try {
                String len = new String(line, Math.min(RESULT_PREFIX, line.length),
                        Math.max(0, line.length - RESULT_PREFIX), StandardCharsets.ISO_8859_1);
                resultLength = pythonInt(len);
                if (resultLength < 0) {
                    throw new NumberFormatException(len);
                }
            } catch (NumberFormatException e) {
                log.warn(name + ": bad result line: '" + PyRepr.decodeOrRepr(line) + "'");
                change(State.UNKNOWN);
                pending = new byte[0];
                Delivery d = event;
                event = null;
                if (d != null) {
                    outcome.rejected(d);
                }
                return false;
            }
            // go on at once, whether or not more bytes are pending: "RESULT 0\n" is complete
        }
        int needed = resultLength - result.size();
        int take = Math.min(needed, pending.length);
        result.write(pending, 0, take);
        pending = Arrays.copyOfRange(pending, take, pending.length);
        if (result.size() < resultLength) {
            return false;
        }
        byte[] answer = result.toByteArray();
        Delivery d = event;
        result.reset();
        resultLength = -1;
        event = null;
        outcome.result(this, d, answer);
        return true;
    }

    void change(State next) {
        State old = state;
        log.debug(name + ": " + old + " -> " + next);
        state = next;
        if (next == State.UNKNOWN) {
            log.warn(name + ": has entered the UNKNOWN state and will no longer receive events, this "
                    + "usually indicates the process violated the eventlistener protocol");
        }
    }

    private static final java.util.regex.Pattern PY_INT =
            java.util.regex.Pattern.compile("[ \\t\\n\\x0b\\f\\r]*([+-]?[0-9]+(?:_[0-9]+)*)[ \\t\\n\\x0b\\f\\r]*");

    /**
     * What Python's {@code int()} makes of these bytes: ASCII blanks around, a sign, digits with
     * single underscores between them. @throws NumberFormatException otherwise
     */
    static int pythonInt(String s) {
        java.util.regex.Matcher m = PY_INT.matcher(s);
        if (!m.matches()) {
            throw new NumberFormatException(s);
        }
        return Integer.parseInt(m.group(1).replace("_", ""));
    }

    private static int indexOf(byte[] b, byte x) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }
}
