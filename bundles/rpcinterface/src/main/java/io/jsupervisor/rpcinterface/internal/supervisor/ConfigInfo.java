package io.jsupervisor.rpcinterface.internal.supervisor;

import io.jsupervisor.api.config.LogStreamConfig;
import io.jsupervisor.api.config.ProcessConfig;
import io.jsupervisor.api.config.ProcessGroupConfig;
import io.jsupervisor.api.config.SupervisorConfig;
import io.jsupervisor.api.process.ProcessInfo;
import io.jsupervisor.api.process.Signals;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** getAllConfigInfo: one struct per configured process, with the reference's keys and types. */
final class ConfigInfo {
    private ConfigInfo() {}

    /**
     * @param config the config whose groups are listed
     * @param active the names of the groups running now
     * @param processes the running processes, for the names AUTO logs were given
     */
    static List<Object> build(SupervisorConfig config, Set<String> active, List<ProcessInfo> processes) {
        Map<String, ProcessInfo> byNamespec = new HashMap<>();
        for (ProcessInfo p : processes) {
            byNamespec.put(p.group() + ":" + p.name(), p);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (ProcessGroupConfig g : config.groups()) {
            boolean inuse = active.contains(g.name());
            for (ProcessConfig pc : g.processes()) {
                ProcessInfo running = inuse ? byNamespec.get(g.name() + ":" + pc.name()) : null;
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("autostart", pc.autostart());
                d.put("directory", orNone(pc.directory()));
                d.put("uid", uid(pc.user()));
                d.put("command", pc.command());
                d.put("exitcodes", new ArrayList<Object>(pc.exitcodes()));
                d.put("group", g.name());
                d.put("group_prio", g.priority());
                d.put("inuse", inuse);
                d.put("killasgroup", pc.killasgroup());
                d.put("name", pc.name());
                d.put("process_prio", pc.priority());
                d.put("redirect_stderr", pc.redirectStderr());
                d.put("startretries", pc.startretries());
                d.put("startsecs", pc.startsecs());
                d.put("stdout_capture_maxbytes", xmlrpcInt(pc.stdout().captureMaxbytes()));
                d.put("stdout_events_enabled", pc.stdout().eventsEnabled());
                d.put("stdout_logfile", logfile(pc.stdout(), running == null ? null : running.stdoutLogfile()));
                d.put("stdout_logfile_backups", pc.stdout().backups());
                d.put("stdout_logfile_maxbytes", xmlrpcInt(pc.stdout().maxbytes()));
                d.put("stdout_syslog", pc.stdout().syslog());
                d.put("stopsignal", Signals.number(pc.stopsignal()));
                d.put("stopwaitsecs", pc.stopwaitsecs());
                d.put("stderr_capture_maxbytes", xmlrpcInt(pc.stderr().captureMaxbytes()));
                d.put("stderr_events_enabled", pc.stderr().eventsEnabled());
                d.put("stderr_logfile", pc.redirectStderr() ? "none"
                        : logfile(pc.stderr(), running == null ? null : running.stderrLogfile()));
                d.put("stderr_logfile_backups", pc.stderr().backups());
                d.put("stderr_logfile_maxbytes", xmlrpcInt(pc.stderr().maxbytes()));
                d.put("stderr_syslog", pc.stderr().syslog());
                d.put("serverurl", serverurl(pc.serverurl()));
                out.add(d);
            }
        }
        // the reference sorts by name only, stably: same-named processes keep the group order
        out.sort(Comparator.comparing(d -> (String) d.get("name")));
        return new ArrayList<>(out);
    }

    private static Object orNone(String s) {
        return s == null ? "none" : s;
    }

    /**
     * The reference keeps AUTO as Automatic ('auto') until the group is added, when the config
     * object gets the file's real name; NONE (and syslog) is None ('none').
     */
    private static String logfile(LogStreamConfig stream, String runningPath) {
        switch (stream.target()) {
            case FILE:
                return stream.path();
            case AUTO:
                return runningPath == null || runningPath.isEmpty() ? "auto" : runningPath;
            default:
                return "none";
        }
    }

    private static String serverurl(String url) {
        if (url == null || url.strip().toUpperCase(Locale.ROOT).equals("AUTO")) {
            return "none";
        }
        return url;
    }

    /** Python's xmlrpc marshaller refuses ints beyond 32 bits ("int exceeds XML-RPC limits"). */
    static Integer xmlrpcInt(long v) {
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new PyValues.ReferenceCrash("OverflowError: int exceeds XML-RPC limits");
        }
        return (int) v;
    }

    /** The reference's name_to_uid: a number as it is, else the user's uid from the passwd file. */
    static Object uid(String user) {
        if (user == null) {
            return "none";
        }
        String u = user.strip();
        if (!u.isEmpty() && u.chars().allMatch(Character::isDigit)) {
            try {
                return Integer.parseInt(u);
            } catch (NumberFormatException e) {
                return "none";
            }
        }
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"), StandardCharsets.UTF_8)) {
                String[] f = line.split(":", -1);
                if (f.length > 2 && f[0].equals(u)) {
                    return Integer.parseInt(f[2]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through: no uid known
        }
        return "none";
    }
}
