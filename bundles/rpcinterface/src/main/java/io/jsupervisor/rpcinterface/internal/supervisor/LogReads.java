package io.jsupervisor.rpcinterface.internal.supervisor;

import io.jsupervisor.api.process.Fault;
import io.jsupervisor.api.process.SupervisorException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The read and tail methods' answers for a log file the daemon names, offsets as callers pass them. */
final class LogReads {
    private LogReads() {}

    /**
     * readLog and the read*Log methods: the text of {@code length} bytes from {@code offset}.
     * No log (null) is NO_FILE without a detail, a log that does not exist is NO_FILE with its path;
     * both are checked before the offset and length are.
     */
    static Object read(String logfile, Object offset, Object length) {
        if (logfile == null) {
            throw new SupervisorException(Fault.NO_FILE, null);
        }
        Path path = Path.of(logfile);
        if (!Files.exists(path)) {
            throw new SupervisorException(Fault.NO_FILE, logfile);
        }
        return LogFiles.readText(path, readInt(offset), readInt(length));
    }

    /**
     * The tail*Log methods: {@code [text, offset, overflow]}. No log, or one that does not exist,
     * is {@code ["", 0, false]} whatever the offset and length are.
     */
    static List<Object> tail(String logfile, Object offset, Object length) {
        List<Object> out = new ArrayList<>(3);
        if (logfile == null || !Files.exists(Path.of(logfile))) {
            out.add("");
            out.add(0);
            out.add(Boolean.FALSE);
            return out;
        }
        LogFiles.TailText tail = LogFiles.tailText(Path.of(logfile), readInt(offset), readInt(length));
        out.add(tail.text());
        out.add(ConfigInfo.xmlrpcInt(tail.offset()));
        out.add(tail.overflow());
        return out;
    }

    /**
     * {@code int(x)} for an offset or length. What it cannot convert (1e400, NaN, "abc") is a
     * BAD_ARGUMENTS fault; the reference lets the ValueError or OverflowError through as an HTTP
     * 500 with a traceback in its log, which tells the caller nothing.
     */
    private static long readInt(Object value) {
        try {
            return PyValues.pyInt(value);
        } catch (PyValues.IntValueError e) {
            throw new SupervisorException(Fault.BAD_ARGUMENTS, e.getMessage());
        }
    }
}
