package io.jsupervisor.distribution;

import static io.jsupervisor.distribution.DistTree.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsupervisor.distribution.DistTree.Run;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5, syslog: with stdout_syslog/stderr_syslog a child's lines reach the local syslog
 * socket (here one the test binds instead of /dev/log) in the reference's form, and with
 * [jsupervisor.syslog] remote= the activity log and those lines reach a UDP collector as
 * RFC 5424.
 */
class SyslogIT {
    @TempDir
    Path tmp;

    @Test
    void childLinesReachTheLocalSocketAndActivityReachesTheRemoteCollector() throws Exception {
        Path sock = tmp.resolve("log.sock");
        Path received = tmp.resolve("received.txt");
        int port;
        try (DatagramSocket s = new DatagramSocket(0)) {
            port = s.getLocalPort();
        }
        Process sink = new ProcessBuilder("/usr/bin/python3", "-u",
                Path.of("src/test/python/syslog_sink.py").toAbsolutePath().toString(), sock.toString(),
                Integer.toString(port), received.toString()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("sink.out").toFile()).start();
        try (DistTree tree = new DistTree(tmp.resolve("dist"))) {
            await("sink ready", 10, () -> read(received).contains("ready"));
            Path conf = tree.config("nodaemon=true\n\n"
                    + "[jsupervisor.syslog]\nsocket=" + sock + "\nremote=udp://127.0.0.1:" + port
                    + "\nhostname=testhost\nfacility=local3\n\n"
                    + "[program:talker]\ncommand=sh -c \"echo hello syslog; echo 'two\\nlines'; echo oops >&2; "
                    + "exec sleep 1000\"\nstartsecs=0\nstdout_syslog=true\nstderr_syslog=true\n");
            Run r = tree.start(List.of("-c", conf.toString()), null);
            await("lines in syslog", 30, () -> read(received).contains("talker oops")
                    && read(received).contains("success: talker") || !r.process().isAlive());
            String text = read(received);
            // local: glibc's layout, facility local3 (19) * 8 + info (6) = 158, tag supervisord
            Pattern local = Pattern.compile("(?m)^unix\\|<158>[A-Z][a-z]{2} [ 0-9]\\d \\d\\d:\\d\\d:\\d\\d "
                    + "supervisord: talker hello syslog$");
            assertTrue(local.matcher(text).find(), text);
            assertTrue(Pattern.compile("(?m)supervisord: talker two$").matcher(text).find(), "a message per line: " + text);
            assertTrue(text.contains("supervisord: talker lines"), text);
            // remote: RFC 5424 with the activity log too
            Pattern spawned = Pattern.compile("(?m)^udp\\|<158>1 \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\S+ "
                    + "testhost supervisord \\d+ - - \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} INFO spawned: "
                    + "'talker' with pid \\d+$");
            assertTrue(spawned.matcher(text).find(), text);
            assertTrue(text.contains("udp|<155>1 ") && text.contains(" testhost supervisord ")
                    && text.contains(" talker - talker oops"), "stderr as err severity (152+3): " + text);
            // the first lines of the daemon were logged before the handler bound: not lost
            assertTrue(text.contains("supervisord started with pid"), text);
        } finally {
            sink.destroy();
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (Exception e) {
            return "";
        }
    }
}
