package io.jsupervisor.core.internal.engine;

import io.jsupervisor.fuzzkit.FuzzBudget;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jsupervisor.api.config.LogLevel;
import io.jsupervisor.core.internal.log.ActivityLog;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing of the event listener protocol (docs/fuzzing.md): a fuzzed script of
 * what a listener writes on stdout, cut into fuzzed chunks, with events sent whenever it is READY
 * and the occasional restart. After every step the listener's state, the event it holds and
 * what it reported (results, rejections) must equal those of {@link Model}, a plain restatement
 * of the reference's PEventListenerDispatcher rules; and nothing may throw. A bad result line is
 * the documented error path: UNKNOWN, the held event handed back.
 */
class ListenerProtocolFuzzTest {
    private static final ActivityLog QUIET = ActivityLog.toStream(
            new PrintStream(OutputStream.nullOutputStream()), LogLevel.CRITICAL);

    @BeforeAll
    static void setUp() {
        FuzzBudget.apply("io.jsupervisor.**");
    }

    @FuzzTest(maxDuration = "5s")
    void followsTheProtocol(FuzzedDataProvider data) {
        List<Delivery> sent = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        ListenerProtocol.Outcome pool = new ListenerProtocol.Outcome() {
            @Override
            public void result(ListenerProtocol listener, Delivery event, byte[] result) {
                // as ListenerPool does: any answer acknowledges (it re-buffers a rejection itself)
                seen.add("result " + name(sent, event) + " " + Arrays.toString(result));
                listener.change(ListenerProtocol.State.ACKNOWLEDGED);
            }

            @Override
            public void rejected(Delivery event) {
                seen.add("rejected " + name(sent, event));
            }
        };
        ListenerProtocol listener = new ListenerProtocol("fuzz", QUIET, pool);
        Model model = new Model();
        while (data.remainingBytes() > 0) {
            int op = data.consumeInt(0, 9);
            if (op == 0) {
                listener.reset();
                model.reset();
            } else if (op == 1 && model.state == ListenerProtocol.State.READY) {
                Delivery d = new Delivery(null);
                sent.add(d);
                listener.sent(d);
                model.sent(sent.size() - 1);
            } else {
                byte[] chunk = data.consumeBytes(data.consumeInt(1, 64));
                listener.feed(chunk);
                model.feed(chunk);
            }
            assertEquals(model.reported, seen, "what the listener reported");
            assertEquals(model.state, listener.state, "state");
            assertEquals(model.event < 0 ? null : sent.get(model.event), listener.event, "held event");
            if (listener.state != ListenerProtocol.State.BUSY) {
                assertNull(listener.event, "only a BUSY listener holds an event");
            }
        }
    }

    private static String name(List<Delivery> sent, Delivery d) {
        return d == null ? "none" : "@" + sent.indexOf(d);
    }

    /** The reference's rules, stated directly; events are their index in the order sent. */
    static final class Model {
        ListenerProtocol.State state = ListenerProtocol.State.ACKNOWLEDGED;
        int event = -1;
        final List<String> reported = new ArrayList<>();
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private int resultLength = -1;
        private final ByteArrayOutputStream result = new ByteArrayOutputStream();

        void reset() {
            state = ListenerProtocol.State.ACKNOWLEDGED;
            event = -1;
            buffer.reset();
            resultLength = -1;
            result.reset();
        }

        void sent(int index) {
            state = ListenerProtocol.State.BUSY;
            event = index;
        }

        void feed(byte[] chunk) {
            buffer.writeBytes(chunk);
            handle();
        }

        /** One pass of the reference's handle_listener_state_change, repeated while bytes remain. */
        private void handle() {
            while (buffer.size() > 0) {
                byte[] data = buffer.toByteArray();
                switch (state) {
                    case UNKNOWN -> {
                        buffer.reset();
                        return;
                    }
                    case ACKNOWLEDGED -> {
                        byte[] ready = "READY\n".getBytes(StandardCharsets.US_ASCII);
                        if (data.length < ready.length) {
                            return;
                        }
                        if (Arrays.equals(data, 0, ready.length, ready, 0, ready.length)) {
                            state = ListenerProtocol.State.READY;
                            keep(data, ready.length);
                            event = -1;
                        } else {
                            unknown();
                            return;
                        }
                    }
                    case READY -> {
                        unknown();
                        return;
                    }
                    case BUSY -> {
                        if (resultLength < 0) {
                            int nl = indexOf(data, (byte) '\n');
                            if (nl < 0) {
                                return;
                            }
                            byte[] line = Arrays.copyOfRange(data, 0, nl);
                            keep(data, nl + 1);
                            data = buffer.toByteArray();
                            resultLength = length(line);
                            if (resultLength < 0) {
                                int held = event;
                                unknown();
                                if (held >= 0) {
                                    reported.add("rejected @" + held);
                                }
                                return;
                            }
                        }
                        int take = Math.min(resultLength - result.size(), data.length);
                        result.write(data, 0, take);
                        keep(data, take);
                        if (result.size() == resultLength) {
                            reported.add("result " + (event < 0 ? "none" : "@" + event) + " "
                                    + Arrays.toString(result.toByteArray()));
                            result.reset();
                            resultLength = -1;
                            event = -1;
                            state = ListenerProtocol.State.ACKNOWLEDGED; // what the pool does
                        }
                    }
                    default -> throw new IllegalStateException();
                }
            }
        }

        /**
         * The length after "RESULT ", or -1: Python's int() of the bytes (blanks are ASCII ones,
         * single underscores may sit between digits), and not negative (a negative length would
         * leave the reference waiting forever; we call the line bad).
         */
        private static int length(byte[] line) {
            int from = Math.min(7, line.length);
            String s = new String(line, from, line.length - from, StandardCharsets.ISO_8859_1);
            String blank = "[ \\t\\n\\x0b\\f\\r]*";
            if (!s.matches(blank + "[+-]?[0-9]+(_[0-9]+)*" + blank)) {
                return -1;
            }
            try {
                int n = Integer.parseInt(s.replaceAll("[ \\t\\n\\x0b\\f\\r_]", ""));
                return n < 0 ? -1 : n;
            } catch (NumberFormatException e) {
                return -1; // beyond an int: no listener writes a result that long
            }
        }

        private void unknown() {
            state = ListenerProtocol.State.UNKNOWN;
            buffer.reset();
            event = -1;
        }

        private void keep(byte[] data, int from) {
            buffer.reset();
            buffer.write(data, from, data.length - from);
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
}
