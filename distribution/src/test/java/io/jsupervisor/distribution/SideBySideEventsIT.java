package io.jsupervisor.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jsupervisor.distribution.SideBySide.Daemon;
import io.jsupervisor.distribution.SideBySide.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5: a listener written with the reference's {@code supervisor.childutils} (Debian's
 * package) runs unchanged under our daemon and under the reference, on one config, and both
 * hear the same sequence of events, payloads included (pids and serials aside): process
 * states, a log event, a capture-mode communication event, a remote communication event, and a
 * callback through SUPERVISOR_SERVER_URL from inside the listener, SUPERVISOR_STATE_CHANGE_RUNNING,
 * PROCESS_GROUP_ADDED/REMOVED (reread, add, remove) and TICK_5 (compared apart: when a tick falls
 * between the other events is the clock's business).
 */
class SideBySideEventsIT {
    static final String CONFIG = SideBySide.SERVERS
            + "[eventlistener:listener]\n"
            + "command=/usr/bin/python3 -u ${PY}/sbs_listener.py ${DIR}/events.txt\n"
            + "events=PROCESS_STATE,REMOTE_COMMUNICATION,PROCESS_LOG_STDERR,PROCESS_COMMUNICATION,"
            + "SUPERVISOR_STATE_CHANGE,PROCESS_GROUP,TICK_5\n"
            + "\n"
            + "[program:web]\n"
            + "command=/usr/bin/python3 -u ${PY}/sbs_child.py web\n"
            + "autostart=false\n"
            + "startsecs=0\n"
            + "stderr_events_enabled=true\n"
            + "\n"
            + "[program:capture]\n"
            + "command=/bin/sh -c 'printf \"before <!--XSUPERVISOR:BEGIN-->captured text<!--XSUPERVISOR:END--> after\\n\"; exec sleep 1000'\n"
            + "autostart=false\n"
            + "startsecs=0\n"
            + "stdout_capture_maxbytes=1MB\n";

    @TempDir
    Path tmp;

    @Test
    void aChildutilsListenerHearsTheSameEventsFromBothDaemons() throws Exception {
        assumeTrue(SideBySide.referenceInstalled(), "the reference supervisor is not installed");
        try (SideBySide pair = new SideBySide(tmp, CONFIG)) {
            pair.start();
            List<String> ref = script(pair.ref);
            List<String> ours = script(pair.ours);
            SideBySideRpcIT.keep("events", String.join("\n", ref), String.join("\n", ours));
            assertTrue(ref.stream().anyMatch(l -> l.contains("[callback getProcessInfo(web): RUNNING]")), ref.toString());
            assertEquals(String.join("\n", withoutTicks(ref)), String.join("\n", withoutTicks(ours)));
            for (List<String> got : List.of(ref, ours)) {
                assertTrue(got.stream().anyMatch(l -> l.matches(
                        "TICK_5 ver:3\\.0 server:supervisor pool:listener \\| when:\\d*[05]")), got.toString());
            }
        }
    }

    private static List<String> script(Daemon d) throws Exception {
        Path events = d.dir.resolve("events.txt");
        awaitLines(events, l -> l.stream().anyMatch(x -> x.startsWith("PROCESS_STATE_RUNNING")
                && x.contains("processname:listener")), d);
        ctl(d, "start", "web");
        awaitLines(events, l -> l.stream().anyMatch(x -> x.startsWith("PROCESS_LOG_STDERR")), d);
        ctl(d, "stop", "web");
        ctl(d, "start", "capture");
        awaitLines(events, l -> l.stream().anyMatch(x -> x.startsWith("PROCESS_COMMUNICATION_STDOUT")), d);
        Result r = SideBySide.run(List.of("env", "SUPERVISOR_SERVER_URL=" + d.unixUrl(), SideBySide.PYTHON, "-c",
                "import os\nfrom supervisor import childutils\n"
                        + "print(childutils.getRPCInterface(os.environ).supervisor.sendRemoteCommEvent("
                        + "'alert', 'disk full\\nsecond line'))"), d.dir, null, 30);
        assertEquals("True", r.out().strip(), r.toString());
        ctl(d, "stop", "capture");
        awaitLines(events, l -> l.stream().anyMatch(x -> x.startsWith("PROCESS_STATE_STOPPED")
                && x.contains("processname:capture")) && l.stream().anyMatch(x -> x.startsWith("REMOTE")), d);
        // a group comes and goes
        Files.writeString(d.conf, Files.readString(d.conf) + "\n[program:extra]\ncommand=/bin/sleep 1000\n"
                + "autostart=false\n");
        ctl(d, "reread");
        ctl(d, "add", "extra");
        awaitLines(events, l -> l.stream().anyMatch(x -> x.startsWith("PROCESS_GROUP_ADDED")), d);
        ctl(d, "remove", "extra");
        return awaitLines(events, l -> l.stream().anyMatch(x -> x.startsWith("PROCESS_GROUP_REMOVED"))
                && l.stream().anyMatch(x -> x.startsWith("TICK_5")), d);
    }

    private static List<String> withoutTicks(List<String> lines) {
        return lines.stream().filter(l -> !l.startsWith("TICK_")).toList();
    }

    private static void ctl(Daemon d, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(SideBySide.CTL, "-c", d.conf.toString()));
        cmd.addAll(List.of(args));
        Result r = SideBySide.run(cmd, d.dir, null, 30);
        assertEquals(0, r.exit(), d.label + ": " + String.join(" ", args) + " -> " + r);
    }

    private static List<String> awaitLines(Path file, java.util.function.Predicate<List<String>> done, Daemon d)
            throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> lines = List.of();
        while (System.nanoTime() < end) {
            lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
            if (done.test(lines)) {
                return lines;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(d.label + ": events never arrived; so far " + lines + "\n" + d);
    }
}
