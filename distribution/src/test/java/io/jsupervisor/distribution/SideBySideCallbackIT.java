package io.jsupervisor.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jsupervisor.distribution.SideBySide.Daemon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3, item 5: a child calls the daemon back through {@code SUPERVISOR_SERVER_URL} with the
 * reference's {@code supervisor.childutils.getRPCInterface(os.environ)} and prints
 * {@code supervisor.getState()}; it must print RUNNING under our daemon, and the same as under
 * the reference, with both servers configured (the URL is then the UNIX socket's) and with only
 * the TCP server (the URL is then http://, the credentials given to the child in its
 * environment, as the reference requires).
 */
class SideBySideCallbackIT {
    static final String PROGRAM = "[program:cb]\n"
            + "command=/usr/bin/python3 -u ${PY}/sbs_callback.py\n"
            + "startsecs=0\n"
            + "stdout_logfile=${DIR}/cb.out\n"
            + "redirect_stderr=true\n";

    @TempDir
    Path tmp;

    @Test
    void callsBackOverTheUnixSocket() throws Exception {
        run(SideBySide.SERVERS + PROGRAM, "STATE RUNNING unix://<tmp>/s.sock");
    }

    @Test
    void callsBackOverTcpOnlyWithAuth() throws Exception {
        String inetOnly = "[inet_http_server]\n"
                + "port=127.0.0.1:${PORT}\n"
                + "username=" + SideBySide.USER + "\n"
                + "password=" + SideBySide.PASS + "\n"
                + "\n"
                + "[rpcinterface:supervisor]\n"
                + "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n"
                + "\n"
                + PROGRAM
                + "environment=SUPERVISOR_USERNAME=\"" + SideBySide.USER + "\",SUPERVISOR_PASSWORD=\""
                + SideBySide.PASS + "\"\n";
        run(inetOnly, "STATE RUNNING http://127.0.0.1:<port>");
    }

    private void run(String config, String expected) throws Exception {
        assumeTrue(SideBySide.referenceInstalled(), "the reference supervisor is not installed");
        try (SideBySide pair = new SideBySide(tmp, config)) {
            startWithoutSocket(pair, config.contains("[unix_http_server]"));
            String ref = line(pair.ref);
            String ours = line(pair.ours);
            assertEquals(expected, ref, "the reference's child printed");
            assertEquals(expected, ours, "our child printed (reference: " + ref + ")");
        }
    }

    private static void startWithoutSocket(SideBySide pair, boolean unix) throws Exception {
        if (unix) {
            pair.start();
            return;
        }
        // no UNIX socket in this config: start() waits for one, so create a marker file the
        // daemons ignore
        Files.writeString(pair.ref.sock, "");
        Files.writeString(pair.ours.sock, "");
        pair.start();
    }

    private static String line(Daemon d) throws IOException, InterruptedException {
        Path out = d.dir.resolve("cb.out");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String text = "";
        while (System.nanoTime() < end) {
            text = Files.exists(out) ? Files.readString(out) : "";
            if (text.contains("\n")) {
                break;
            }
            Thread.sleep(50);
        }
        assertTrue(text.contains("\n"), d.label + "'s child printed nothing: " + text + d);
        return text.lines().findFirst().orElse("").replace(d.dir.toString(), "<tmp>")
                .replace(":" + d.port, ":<port>");
    }
}
