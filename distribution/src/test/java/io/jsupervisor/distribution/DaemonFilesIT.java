package io.jsupervisor.distribution;

import static io.jsupervisor.distribution.DistTree.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jsupervisor.distribution.DistTree.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's files and descriptors: how many descriptors it holds, the pidfile and socket never
 * written through a planted link, the modes of what it creates (against /usr/bin/supervisord),
 * umask= under -n, and SIGQUIT stopping it as TERM does.
 */
class DaemonFilesIT {
    private static final Path REFERENCE = Path.of("/usr/bin/supervisord");
    /** Runs the rest of the command under umask 000 (or the first argument's). */
    private static final String UMASK_WRAPPER = "umask \"$0\"; exec \"$@\"";

    @TempDir
    Path tmp;

    private DistTree tree;

    @BeforeEach
    void setUp() throws Exception {
        tree = new DistTree(tmp);
    }

    @AfterEach
    void tearDown() throws Exception {
        tree.close();
    }

    private long daemonPid() throws IOException {
        return Long.parseLong(Files.readString(tree.pidfile()).strip());
    }

    private Run startForeground(List<String> prefix, String extra) throws Exception {
        Path conf = tree.config("nodaemon=true\n" + extra);
        Run r = tree.start(prefix, List.of("-c", conf.toString()), null);
        await("pidfile", 30, () -> tree.activityLogText().contains("supervisord started with pid")
                || !r.process().isAlive());
        assertTrue(r.process().isAlive(), () -> "ended: " + r.err());
        return r;
    }

    private static List<String> umask(String mask) {
        return List.of("/bin/sh", "-c", UMASK_WRAPPER, mask);
    }

    private static int openDescriptors(long pid) throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return (int) s.count();
        }
    }

    private static String mode(Path p) throws IOException {
        return Integer.toOctalString((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777);
    }

    // ---- descriptors ----

    @Test
    void fewDescriptorsAtStart() throws Exception {
        startForeground(List.of(), "");
        Thread.sleep(1000); // let start-up's class loading settle
        long pid = daemonPid();
        int ours = openDescriptors(pid);
        String reference = REFERENCE.toFile().canExecute() ? Integer.toString(referenceDescriptors()) : "n/a";
        System.out.println("files: fds at start " + ours + " (reference " + reference + ")");
        // before: 51 (every class-path jar, every bundle jar, Felix's lock file); now about 17
        assertTrue(ours <= 25, "the daemon holds " + ours + " descriptors at start");
    }

    private int referenceDescriptors() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("ref-fds"));
        Path conf = Files.writeString(dir.resolve("supervisord.conf"), "[supervisord]\nnodaemon=true\n"
                + "logfile=" + dir.resolve("supervisord.log") + "\npidfile=" + dir.resolve("supervisord.pid") + "\n");
        Process p = new ProcessBuilder(REFERENCE.toString(), "-c", conf.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            await("reference pidfile", 20, () -> Files.exists(dir.resolve("supervisord.pid")));
            Thread.sleep(300);
            return openDescriptors(p.pid());
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void anUnmetMinfdsSaysHowManyTheDaemonHoldsItself() throws Exception {
        // more than any hard limit the kernel allows (fs.nr_open), root or not
        Path conf = tree.config("nodaemon=true\nminfds=2000000000\n");
        Run r = tree.start(List.of("-c", conf.toString()), null);
        assertTrue(r.process().waitFor(60, TimeUnit.SECONDS));
        Thread.sleep(200);
        String err = r.err().toString();
        assertEquals(2, r.process().exitValue(), err);
        assertTrue(err.contains("The minimum number of file descriptors required to run this process is 2000000000 "
                + "as per the \"minfds\" command-line argument or config file setting."), err);
        Matcher m = Pattern.compile("supervisord itself already has (\\d+) file descriptors open").matcher(err);
        assertTrue(m.find(), err);
        System.out.println("files: minfds refusal names the daemon's own " + m.group(1) + " fds");
    }

    // ---- links planted at the pidfile and the socket ----

    @Test
    void thePidfileAndSocketAreNeverWrittenThroughAPlantedLink() throws Exception {
        Path victim = Files.writeString(tmp.resolve("victim"), "precious\n");
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-r--r--"));
        Files.createSymbolicLink(tree.pidfile(), victim);
        Path sock = tmp.resolve("supervisor.sock");
        Files.createSymbolicLink(sock, victim);

        startForeground(List.of(), "\n[unix_http_server]\nfile=" + sock + "\nchmod=0777\n");

        assertEquals("precious\n", Files.readString(victim));
        assertEquals("644", mode(victim), "chmod went through the socket's link");
        assertFalse(Files.isSymbolicLink(tree.pidfile()));
        assertTrue(Files.readString(tree.pidfile()).matches("\\d+\n"));
        assertFalse(Files.isSymbolicLink(sock));
        assertEquals("777", mode(sock));
        System.out.println("files: links planted at pidfile and socket: replaced, target untouched");
    }

    @Test
    void aPidfileInADirectoryAnyoneMayRewriteIsRefused() throws Exception {
        Path open = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path pidfile = open.resolve("supervisord.pid");
        Path conf = Files.writeString(tmp.resolve("open.conf"), "[supervisord]\nnodaemon=true\nlogfile="
                + tree.activityLog() + "\npidfile=" + pidfile + "\n");
        Run r = tree.start(List.of("-c", conf.toString()), null);
        await("refusal", 30, () -> tree.activityLogText().contains("could not write pidfile")
                || !r.process().isAlive());
        assertTrue(tree.activityLogText().contains("CRIT could not write pidfile " + pidfile
                + ": its directory " + open + " is writable by every user and not sticky"), tree.activityLogText());
        assertFalse(Files.exists(pidfile, LinkOption.NOFOLLOW_LINKS));
        assertTrue(r.process().isAlive(), "a refused pidfile is not fatal, as the reference's write failure");
        System.out.println("files: pidfile in a 0777 non-sticky dir: refused");
    }

    // ---- modes ----

    @Test
    void umaskIsAppliedUnderDashN() throws Exception {
        Run r = startForeground(umask("000"), "umask=077\n\n[program:a]\ncommand=sleep 1000\nstartsecs=0\n"
                + "stdout_logfile=" + tmp.resolve("a.out") + "\n");
        await("a running", 10, () -> tree.activityLogText().contains("success: a"));
        String log = mode(tree.activityLog());
        System.out.println("files: activity log under -n, inherited umask 000, umask=077: " + log
                + " (reference 666, it applies umask only when it daemonizes)");
        assertEquals("600", log);
        assertEquals("600", mode(tree.pidfile()));
        assertEquals("600", mode(tmp.resolve("a.out")));
        assertTrue(r.process().isAlive());
    }

    /** file name (AUTO logs by their prefix) -> mode, for everything the daemon created in {@code dir}. */
    private static Map<String, String> modes(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                if (name.endsWith(".conf") || Files.isDirectory(p)) {
                    continue;
                }
                out.put(name.replaceAll("---supervisor-.*", "---AUTO"), mode(p));
            }
        }
        return out;
    }

    private static String conf(Path dir) {
        return "[supervisord]\nnodaemon=true\nlogfile=" + dir.resolve("supervisord.log") + "\npidfile="
                + dir.resolve("supervisord.pid") + "\nchildlogdir=" + dir + "\n\n[unix_http_server]\nfile="
                + dir.resolve("s.sock") + "\nchmod=0700\n\n[program:a]\ncommand=sleep 1000\nstartsecs=0\n"
                + "stdout_logfile=" + dir.resolve("a.out") + "\n";
    }

    private static Map<String, String> runAndCollectModes(List<String> supervisord, Path dir) throws Exception {
        Files.createDirectories(dir);
        Path c = Files.writeString(dir.resolve("supervisord.conf"), conf(dir));
        List<String> cmd = new ArrayList<>(umask("022"));
        cmd.addAll(supervisord);
        cmd.addAll(List.of("-c", c.toString()));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            await("a running", 60, () -> {
                try {
                    return Files.readString(dir.resolve("supervisord.log")).contains("success: a");
                } catch (IOException e) {
                    return false;
                }
            });
            return modes(dir);
        } finally {
            p.destroy(); // TERM to the sh's exec'd daemon... the wrapper execs, so it is the daemon
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void createdFilesHaveTheReferencesModes() throws Exception {
        assumeTrue(REFERENCE.toFile().canExecute(), "needs the reference supervisord");
        Map<String, String> ours = runAndCollectModes(List.of(tree.home.resolve("bin/supervisord").toString()),
                tmp.resolve("ours"));
        Map<String, String> reference = runAndCollectModes(List.of(REFERENCE.toString()), tmp.resolve("ref"));
        System.out.println("files: modes under umask 022, ours " + ours + ", reference " + reference);
        assertEquals(reference, ours);
        assertEquals("700", ours.get("s.sock"));
        assertEquals("600", ours.get("a-stderr---AUTO"));
    }

    // ---- SIGQUIT ----

    private static final String ORDERED_PROGRAMS = "\n[program:a]\ncommand=sleep 1000\nstartsecs=0\npriority=1\n\n"
            + "[program:b]\ncommand=sleep 1000\nstartsecs=0\npriority=2\n\n"
            + "[program:q]\ncommand=sleep 1000\nstartsecs=0\npriority=3\nstopsignal=QUIT\n";

    private void assertStoppedInOrderByQuit(String log) {
        assertTrue(log.contains("WARN received SIGQUIT indicating exit request"), log);
        int q = log.indexOf("stopped: q (terminated by SIGQUIT");
        int b = log.indexOf("stopped: b (terminated by SIGTERM)");
        int a = log.indexOf("stopped: a (terminated by SIGTERM)");
        assertTrue(q > 0 && b > q && a > b, "q, b, a in that order:\n" + log);
    }

    @Test
    void sigquitStopsEveryChildInOrderAndExitsZeroUnderDashN() throws Exception {
        // grep run directly: a shell (dash) would clear the mask it inherited and hide a blocked one
        Run r = startForeground(List.of(), ORDERED_PROGRAMS + "\n[program:mask]\ncommand=grep SigBlk /proc/self/status\n"
                + "startsecs=0\nautorestart=false\nstdout_logfile=" + tmp.resolve("mask.out") + "\n");
        await("all running", 10, () -> tree.activityLogText().contains("success: q")
                && tree.activityLogText().contains("success: b") && tree.activityLogText().contains("success: a"));
        // programs see every signal: none blocked (stopsignal=QUIT must work)
        await("b's mask", 10, () -> {
            try {
                return Files.readString(tmp.resolve("mask.out")).contains("SigBlk");
            } catch (IOException e) {
                return false;
            }
        });
        assertTrue(Files.readString(tmp.resolve("mask.out")).contains("SigBlk:\t0000000000000000"),
                Files.readString(tmp.resolve("mask.out")));
        DistTree.kill("QUIT", daemonPid());
        boolean ended = r.process().waitFor(30, TimeUnit.SECONDS);
        System.out.println("files: SIGQUIT under -n: " + (ended ? "exit " + r.process().exitValue() : "still running"));
        assertTrue(ended, "SIGQUIT did not stop the daemon: " + r.out());
        assertEquals(0, r.process().exitValue());
        assertFalse(Files.exists(tree.pidfile()));
        assertStoppedInOrderByQuit(tree.activityLogText());
    }

    @Test
    void sigquitStopsTheDaemonizedDaemonToo() throws Exception {
        Path conf = tree.config(ORDERED_PROGRAMS);
        Run r = tree.start(List.of("-c", conf.toString()), null);
        assertTrue(r.process().waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, r.process().exitValue(), r.err().toString());
        await("all running", 10, () -> tree.activityLogText().contains("success: q")
                && tree.activityLogText().contains("success: a"));
        long pid = daemonPid();
        DistTree.kill("QUIT", pid);
        await("daemon gone", 30, () -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
        assertFalse(Files.exists(tree.pidfile()));
        assertStoppedInOrderByQuit(tree.activityLogText());
        System.out.println("files: SIGQUIT to the daemonized daemon: stopped, pidfile removed");
    }
}
