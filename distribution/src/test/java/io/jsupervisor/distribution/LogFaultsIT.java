package io.jsupervisor.distribution;

import static io.jsupervisor.distribution.DistTree.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsupervisor.distribution.DistTree.Run;
import io.jsupervisor.distribution.LogFaultKit.Rpc;
import io.jsupervisor.distribution.LogFaultKit.Tally;
import io.jsupervisor.distribution.LogFaultKit.Tmpfs;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log faults against the built daemon: a full file system under the activity log and a child
 * log, the log directory removed while running, heavy output with logrotate-style renames and
 * SIGUSR2 storms, and clearProcessLogs on a program that has exited. Each prints its figures.
 */
class LogFaultsIT {
    @TempDir
    Path tmp;

    private DistTree tree;
    private int port;
    private Rpc rpc;
    private Run run;

    @BeforeEach
    void setUp() throws IOException {
        tree = new DistTree(tmp);
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        rpc = new Rpc(port);
    }

    @AfterEach
    void tearDown() throws IOException {
        tree.close();
    }

    /** Starts the daemon on a config whose [supervisord] logs to {@code logfile}; waits for RPC. */
    private long start(Path logfile, Path childlogdir, String programs) throws Exception {
        Path conf = tmp.resolve("supervisord.conf");
        Files.writeString(conf, "[supervisord]\nlogfile=" + logfile + "\npidfile=" + tree.pidfile()
                + "\nchildlogdir=" + childlogdir + "\nnodaemon=true\nloglevel=info\n\n"
                + "[inet_http_server]\nport=127.0.0.1:" + port + "\n\n[rpcinterface:supervisor]\n"
                + "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n" + programs);
        run = tree.start(List.of("-c", conf.toString()), null);
        await("daemon up", 30, () -> Files.exists(tree.pidfile()) || !run.process().isAlive());
        await("RPC answers", 30, () -> rpc.answers("supervisor.getState") || !run.process().isAlive());
        assertTrue(run.process().isAlive(), run.err().toString());
        return Long.parseLong(Files.readString(tree.pidfile()).strip());
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }

    private String state(String name) throws Exception {
        Matcher m = Pattern.compile("statename</name>\\s*<value>\\s*(?:<string>)?\\s*(\\w+)")
                .matcher(rpc.call("supervisor.getProcessInfo", name));
        return m.find() ? m.group(1) : "?";
    }

    /** Calls getState and readProcessStdoutLog every 100 ms until stopped; counts the answers. */
    private final class RpcProbe extends Thread {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger answered = new AtomicInteger();
        volatile boolean stop;

        RpcProbe() {
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!stop) {
                calls.addAndGet(2);
                answered.addAndGet((rpc.answers("supervisor.getState") ? 1 : 0)
                        + (rpc.answers("supervisor.readProcessStdoutLog", "talk", -100, 0) ? 1 : 0));
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private static final Pattern CHILD_LOSS = Pattern.compile("talk stdout log \\S+: (\\d+) bytes of output lost");
    private static final Pattern ACTIVITY_LOSS = Pattern.compile("WARN (\\d+) lines? \\((\\d+) bytes\\) could not be");

    @Test
    void fullFileSystemUnderTheActivityLogAndAChildLog() throws Exception {
        try (Tmpfs fs = new Tmpfs(tmp.resolve("fs"), "1m")) {
            Path script = LogFaultKit.numberedLinesScript(tmp);
            Path stop = tmp.resolve("stop-talking");
            Path activity = fs.dir.resolve("supervisord.log");
            Path childLog = fs.dir.resolve("talk.log");
            long pid = start(activity, tmp, "[program:talk]\ncommand=/usr/bin/python3 " + script + " 0 0 " + stop + " 0"
                    + "\nstartsecs=0\nautorestart=false\nstdout_logfile=" + childLog + "\nstdout_logfile_maxbytes=0\n\n"
                    + "[program:flap]\ncommand=sh -c \"sleep 0.3; exit 1\"\nstartsecs=0\nautorestart=true\n"
                    + "startretries=1000\nstdout_logfile=NONE\nstderr_logfile=NONE\n");
            await("talk writing", 20, () -> childLog.toFile().length() > 60_000);
            RpcProbe probe = new RpcProbe();
            probe.start();
            fs.fill();
            Thread.sleep(1000);
            assertEquals(0, DistTree.kill("USR2", pid), "SIGUSR2 while the disk is full");
            Thread.sleep(2000);
            assertTrue(run.process().isAlive(), "alive while full: " + run.err());
            long sizeWhenFull = childLog.toFile().length();
            fs.free();
            await("the child log written again", 15, () -> childLog.toFile().length() > sizeWhenFull + 20_000);
            Files.createFile(stop);
            await("talk exited", 15, () -> read(activity).contains("exited: talk"));
            probe.stop = true;
            probe.join(10_000);

            String text = read(activity);
            List<String> garbledActivity = LogFaultKit.garbledActivityLines(text);
            long reported = 0;
            for (Matcher m = CHILD_LOSS.matcher(text); m.find(); ) {
                reported += Long.parseLong(m.group(1));
            }
            long activityLost = 0;
            for (Matcher m = ACTIVITY_LOSS.matcher(text); m.find(); ) {
                activityLost += Long.parseLong(m.group(1));
            }
            Tally t = LogFaultKit.check(List.of(childLog), 0);
            System.out.println("fault: child log on full fs -> " + t.garbled() + " garbled lines, " + reported
                    + " bytes reported lost (" + t.figures() + ")");
            System.out.println("fault: activity log on full fs -> " + garbledActivity.size() + " garbled lines, "
                    + activityLost + " lines reported lost; RPC answered " + probe.answered + "/" + probe.calls
                    + " calls; SIGUSR2 while full: daemon alive");
            assertEquals(List.of(), garbledActivity, "garbled activity log lines");
            assertEquals(0, t.garbled(), "garbled child log lines: " + t.samples());
            assertEquals(0, t.lost(), "unmarked gaps in the child log");
            assertTrue(activityLost > 0, "the activity log says it lost lines:\n" + text);
            assertEquals(0, t.duplicated());
            assertTrue(t.markers() >= 1 && reported > 0, t.figures());
            assertEquals(reported, t.markedLost(), "the markers and the activity log agree");
            assertEquals(LogFaultKit.bytesOfLines(t.last(), 0), t.bytes() - t.markerBytes() + reported,
                    "kept + reported lost = everything the child wrote");
            assertEquals(probe.calls.get(), probe.answered.get(), "RPC answered throughout");
            tree.close(); // stop the daemon before the tmpfs goes
        }
    }

    @Test
    void logDirectoryRemovedWhileRunning() throws Exception {
        Path logs = tmp.resolve("logs");
        Files.createDirectories(logs);
        Path activity = logs.resolve("supervisord.log");
        long pid = start(activity, logs, "[program:talk]\ncommand=sh -c \"i=0; while :; do echo line$i; "
                + "i=$((i+1)); sleep 0.1; done\"\nstartsecs=0\nstdout_logfile=" + logs.resolve("talk.log") + "\n\n"
                + "[program:flap]\ncommand=sh -c \"echo hi; sleep 0.5; exit 1\"\nstartsecs=0\nautorestart=true\n");
        await("both running", 15, () -> read(activity).contains("success: talk")
                && read(activity).contains("success: flap"));
        deleteTree(logs);
        Thread.sleep(1500); // flap exits and is spawned again without its AUTO log's directory
        assertEquals(0, DistTree.kill("USR2", pid));
        Thread.sleep(1000);
        assertTrue(run.process().isAlive(), "the daemon survives SIGUSR2 without its log directory: " + run.err());
        assertTrue(rpc.call("supervisor.getState").contains("RUNNING"));
        assertEquals("RUNNING", state("talk"));
        String flap = state("flap");
        String err = run.err().toString();
        assertTrue(err.contains("cannot reopen log file " + activity), err);

        Files.createDirectories(logs);
        // as the reference, the "received SIGUSR2" line goes to the file in use before the
        // reopen; the next signal's line is the first in the new file
        assertEquals(0, DistTree.kill("USR2", pid));
        Thread.sleep(500);
        assertEquals(0, DistTree.kill("USR2", pid));
        await("the activity log back", 10, () -> read(activity).contains("received SIGUSR2"));
        await("talk's log back", 10, () -> read(logs.resolve("talk.log")).contains("line"));
        assertTrue(run.process().isAlive());
        System.out.println("fault: log directory removed -> daemon alive, RPC answers, talk RUNNING, flap " + flap
                + "; after mkdir + SIGUSR2 both logs are written again");
    }

    @Test
    void heavyOutputWithRenamesAndUsr2Storm() throws Exception {
        int count = 950_000;
        int base = 70;
        // paced to about 5 MB/s (a 55 KB write every 10 ms), so renames and signals land throughout
        long total = LogFaultKit.bytesOfLines(count, base);
        Path script = LogFaultKit.numberedLinesScript(tmp);
        Path log = tmp.resolve("big.log");
        long pid = start(tmp.resolve("supervisord.log"), tmp, "[program:big]\ncommand=/usr/bin/python3 " + script
                + " " + count + " " + base + " none 0.01\nautostart=false\nstartsecs=0\nautorestart=false\n"
                + "stdout_logfile=" + log + "\nstdout_logfile_maxbytes=0\n");
        List<Path> renamed = new ArrayList<>();
        AtomicInteger signals = new AtomicInteger();
        long t0 = System.nanoTime();
        rpc.call("supervisor.startProcess", "big");
        long deadline = t0 + 60_000_000_000L;
        long nextRename = System.nanoTime();
        while (System.nanoTime() < deadline) {
            DistTree.kill("USR2", pid);
            signals.incrementAndGet();
            if (System.nanoTime() >= nextRename) {
                Path to = Path.of(log + String.format(".r%04d", renamed.size() + 1));
                try {
                    Files.move(log, to); // as logrotate would, before its postrotate SIGUSR2
                    renamed.add(to);
                } catch (NoSuchFileException e) {
                    // not reopened since the last rename
                }
                nextRename += 200_000_000L;
            }
            long have = Files.exists(log) ? Files.size(log) : 0;
            for (Path p : renamed) {
                have += Files.size(p);
            }
            if (have >= total) {
                break;
            }
            Thread.sleep(50);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<Path> files = new ArrayList<>(renamed);
        if (Files.exists(log)) {
            files.add(log);
        }
        Tally t = LogFaultKit.check(files, base);
        System.out.printf("fault: %.0f MB numbered lines, SIGUSR2 every 50 ms (%d sent), rename every 200 ms "
                + "(%d files) -> %d lost, %d duplicated, %d garbled lines in %.1f s%n", total / 1e6, signals.get(),
                files.size(), t.lost() + (count - t.last()), t.duplicated(), t.garbled(), seconds);
        assertEquals(0, t.garbled(), "garbled: " + t.samples());
        assertEquals(0, t.duplicated());
        assertEquals(0, t.lost());
        assertEquals(count, t.last(), t.figures());
        assertEquals(total, t.bytes());
        assertTrue(renamed.size() > 40, "renamed only " + renamed.size() + " times");
    }

    @Test
    void clearingTheLogsOfAnExitedProgramEmptiesThem() throws Exception {
        Path log = tmp.resolve("once.log");
        start(tmp.resolve("supervisord.log"), tmp, "[program:once]\ncommand=sh -c \"echo hello\"\nstartsecs=0\n"
                + "autorestart=false\nstdout_logfile=" + log + "\n");
        await("once exited", 15, () -> read(tmp.resolve("supervisord.log")).contains("exited: once"));
        assertTrue(rpc.call("supervisor.readProcessStdoutLog", "once", 0, 100).contains("hello"));
        assertTrue(rpc.call("supervisor.clearProcessLogs", "once").contains("<boolean>1</boolean>"));
        String after = rpc.call("supervisor.readProcessStdoutLog", "once", 0, 100);
        assertTrue(!after.contains("<fault>") && !after.contains("hello"), after);
        assertTrue(Files.exists(log) && Files.size(log) == 0, "emptied in place");
        rpc.call("supervisor.startProcess", "once", 1);
        await("the restarted program writes to it", 10, () -> read(log).equals("hello\n"));
        System.out.println("fault: clearProcessLogs on EXITED -> log exists, reads empty, a restart writes to it");
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
