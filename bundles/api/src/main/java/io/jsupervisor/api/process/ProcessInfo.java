package io.jsupervisor.api.process;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * An immutable snapshot of one process, with the fields of the reference's getProcessInfo.
 * Times are whole seconds since the epoch; 0 means never.
 *
 * @param stdoutLogfile the stdout log path, or "" (the reference's {@code logfile} alias)
 * @param readiness jsupervisor's word on readiness, appended to the description: "" (ready, or
 *     nothing to say, always so without jsupervisor's readiness options), {@code not ready},
 *     {@code waiting for db}, ...
 */
public record ProcessInfo(
        String name,
        String group,
        long start,
        long stop,
        long now,
        ProcessState state,
        String spawnerr,
        int exitstatus,
        String stdoutLogfile,
        String stderrLogfile,
        int pid,
        String readiness) {

    public ProcessInfo {
        readiness = readiness == null ? "" : readiness;
    }

    /** As in 1.1: nothing said about readiness. */
    public ProcessInfo(String name, String group, long start, long stop, long now, ProcessState state,
            String spawnerr, int exitstatus, String stdoutLogfile, String stderrLogfile, int pid) {
        this(name, group, start, stop, now, state, spawnerr, exitstatus, stdoutLogfile, stderrLogfile, pid, "");
    }

    private static final DateTimeFormatter STOPPED_AT =
            DateTimeFormatter.ofPattern("MMM dd hh:mm a", Locale.US);

    public String statename() {
        return state.name();
    }

    public String logfile() {
        return stdoutLogfile;
    }

    /** {@code group:name}, as supervisorctl names processes. */
    public String namespec() {
        return group.equals(name) ? name : group + ":" + name;
    }

    /**
     * The human description the reference computes (status column of supervisorctl), with
     * {@link #readiness} after a comma when there is something to say.
     */
    public String description() {
        String base = stateDescription();
        return readiness.isEmpty() ? base : base.isEmpty() ? readiness : base + ", " + readiness;
    }

    private String stateDescription() {
        switch (state) {
            case RUNNING: {
                long seconds = Math.max(0, now - start);
                return "pid " + pid + ", uptime " + uptime(seconds);
            }
            case FATAL:
            case BACKOFF:
                return spawnerr == null || spawnerr.isEmpty()
                        ? "unknown error (try \"tail " + name + "\")"
                        : spawnerr;
            case STOPPED:
            case EXITED:
                if (start == 0) {
                    return "Not started";
                }
                return LocalDateTime.ofInstant(Instant.ofEpochSecond(stop), ZoneId.systemDefault())
                        .format(STOPPED_AT);
            default:
                return "";
        }
    }

    /** Python's str(timedelta): {@code 0:01:02}, {@code 1 day, 2:03:04}, {@code 3 days, 0:00:01}. */
    static String uptime(long seconds) {
        Duration d = Duration.ofSeconds(seconds);
        long days = d.toDays();
        // by hand: String.format builds a Formatter and locale symbols every call, and
        // getAllProcessInfo asks this once per RUNNING process
        StringBuilder sb = new StringBuilder(24);
        if (days != 0) {
            sb.append(days).append(days == 1 ? " day, " : " days, ");
        }
        sb.append(d.toHoursPart()).append(':');
        twoDigits(sb, d.toMinutesPart()).append(':');
        return twoDigits(sb, d.toSecondsPart()).toString();
    }

    private static StringBuilder twoDigits(StringBuilder sb, int v) {
        return (v < 10 ? sb.append('0') : sb).append(v);
    }
}
