package io.jsupervisor.core.internal.engine;

import io.jsupervisor.api.config.LogLevel;
import io.jsupervisor.api.config.LogStreamConfig;
import io.jsupervisor.api.event.Event;
import io.jsupervisor.api.log.LogRecord;
import io.jsupervisor.core.internal.log.LogHandlers;
import io.jsupervisor.pycompat.PyRepr;
import java.nio.charset.StandardCharsets;

/**
 * What watches a child's output besides its log file: for a listener's stdout the protocol (fed
 * on the engine thread), else PROCESS_LOG and PROCESS_COMMUNICATION events when configured, and
 * the bundles' log handlers (syslog). The taps run on the output reactor's thread.
 */
final class OutputTaps {
    private OutputTaps() {}

    /** The tap for one stream of one child, or null when nothing but the log wants its output. */
    static OutputPump.Tap forStream(ProcessRuntime process, EngineContext ctx, boolean stderr, int childPid) {
        OutputPump.Tap events = eventTap(process, ctx, stderr, childPid);
        OutputPump.Tap handlers = handlerTap(process, ctx, stderr);
        OutputPump.Tap ready = stderr || !process.isListener() ? process.readyLogTap() : null;
        return both(both(events, handlers), ready);
    }

    /** One tap that feeds two (either may be null); captures go to the first. */
    private static OutputPump.Tap both(OutputPump.Tap first, OutputPump.Tap second) {
        if (first == null || second == null) {
            return first == null ? second : first;
        }
        return new OutputPump.Tap() {
            @Override
            public void output(byte[] data, boolean inCapture) {
                first.output(data, inCapture);
                second.output(data, inCapture);
            }

            @Override
            public void captured(byte[] data) {
                first.captured(data);
            }
        };
    }

    /**
     * The bundles' log handlers (syslog) get this stream's output when its config asks for
     * syslog, or when a handler takes every child's output; null when neither holds.
     */
    private static OutputPump.Tap handlerTap(ProcessRuntime process, EngineContext ctx, boolean stderr) {
        LogHandlers h = ctx.logHandlers();
        LogStreamConfig c = stderr ? process.config.stderr() : process.config.stdout();
        if (h == null || h.isEmpty() || (!c.syslog() && !h.wantsAllChildOutput())) {
            return null;
        }
        String channel = stderr ? "stderr" : "stdout";
        String name = process.config.name();
        String group = process.groupName;
        boolean syslog = c.syslog();
        // the stream's line prefix, as in its log file; nothing is held back here (a syslog
        // message per chunk, as without a prefix), but a line split across reads keeps one prefix
        LinePrefixer prefixer = c.linePrefix() == null ? null : new LinePrefixer(c.linePrefix());
        return (data, inCapture) -> {
            if (inCapture) {
                return;
            }
            byte[] bytes = data;
            if (prefixer != null) {
                byte[] lines = prefixer.apply(data, data.length, 0);
                byte[] rest = prefixer.flush();
                bytes = java.util.Arrays.copyOf(lines, lines.length + rest.length);
                System.arraycopy(rest, 0, bytes, lines.length, rest.length);
            }
            String text = new String(bytes, StandardCharsets.UTF_8);
            h.offer(new LogRecord(LogRecord.Source.CHILD, System.currentTimeMillis(), LogLevel.INFO, name, group,
                    channel, text, text, syslog));
        };
    }

    private static OutputPump.Tap eventTap(ProcessRuntime process, EngineContext ctx, boolean stderr, int childPid) {
        if (!stderr && process.isListener()) {
            return (data, inCapture) -> ctx.post(() -> process.feedListener(childPid, data));
        }
        LogStreamConfig c = stderr ? process.config.stderr() : process.config.stdout();
        boolean logEvents = c.eventsEnabled();
        boolean capture = c.captureMaxbytes() > 0;
        if (!logEvents && !capture) {
            return null;
        }
        String channel = stderr ? "stderr" : "stdout";
        String name = process.config.name();
        String group = process.groupName;
        return new OutputPump.Tap() {
            @Override
            public void output(byte[] data, boolean inCapture) {
                if (!logEvents) {
                    return;
                }
                Event e = EventPayloads.processLog(name, group, childPid, stderr, data);
                ctx.post(() -> ctx.publish(e));
            }

            @Override
            public void captured(byte[] data) {
                Event e = EventPayloads.processCommunication(name, group, childPid, stderr, data);
                ctx.post(() -> {
                    ctx.log().debug(PyRepr.repr(name) + " " + channel + " emitted a comm event");
                    ctx.publish(e);
                });
            }
        };
    }
}
