package io.jsupervisor.distribution;

import static io.jsupervisor.distribution.DistTree.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/echo_supervisord_conf prints a config that our daemon and the reference daemon both run
 * as it is (paths moved into a temp dir), and that names every section and option the
 * reference's own sample names (compared as sets of names, never as text).
 */
class EchoConfIT {
    private static final Path REF_ECHO = Path.of("/usr/bin/echo_supervisord_conf");
    private static final Path REF_D = Path.of("/usr/bin/supervisord");
    private static final Pattern SECTION = Pattern.compile("^;?\\s*\\[([a-z_-]+)(:[^\\]]*)?\\]");
    private static final Pattern OPTION = Pattern.compile("^;?([a-z_.]+)\\s*=");

    @TempDir
    Path tmp;
    private DistTree tree;
    private Process refDaemon;

    @AfterEach
    void tearDown() throws Exception {
        if (refDaemon != null) {
            refDaemon.destroy();
            refDaemon.waitFor(10, TimeUnit.SECONDS);
            refDaemon.destroyForcibly();
        }
        if (tree != null) {
            tree.close();
        }
    }

    private static String output(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", cmd));
        return out;
    }

    /** "section" and "section.option" for every line, commented out or not. */
    static Set<String> names(String conf) {
        Set<String> names = new TreeSet<>();
        String section = null;
        for (String line : conf.split("\n")) {
            Matcher s = SECTION.matcher(line);
            if (s.find()) {
                section = s.group(1).equals("fcgi-program") ? "program" : s.group(1);
                names.add("[" + s.group(1) + "]");
                continue;
            }
            Matcher o = OPTION.matcher(line);
            if (o.find() && section != null) {
                names.add(section + "." + o.group(1));
            }
        }
        return names;
    }

    @Test
    void sampleRunsOnBothDaemonsAndCoversTheReferenceOptions() throws Exception {
        tree = new DistTree(tmp);
        String sample = output(List.of(tree.home.resolve("bin/echo_supervisord_conf").toString()));
        for (String section : List.of("unix_http_server", "inet_http_server", "supervisord", "rpcinterface:supervisor",
                "supervisorctl", "program:", "eventlistener:", "group:", "include", "fcgi-program:")) {
            assertTrue(sample.contains("[" + section), "sample has [" + section + "...]");
        }
        String conf = sample.replace("/tmp/supervisor", tmp.resolve("supervisor").toString());
        assertTrue(!conf.contains("/tmp/supervisor"), "every default path moved");
        Path file = tmp.resolve("sample.conf");
        Files.writeString(file, conf);
        Path sock = tmp.resolve("supervisor.sock");

        tree.start(List.of("-c", file.toString()), null);
        await("our daemon's socket", 30, () -> Files.exists(sock));
        String ctl = tree.home.resolve("bin/supervisorctl").toString();
        await("status answers", 30, () -> {
            try {
                return output(List.of(ctl, "-c", file.toString(), "version")).strip().equals("4.2.5");
            } catch (Exception | AssertionError e) {
                return false;
            }
        });
        assertEquals("", output(List.of(ctl, "-c", file.toString(), "status")), "no programs in the sample");
        assertEquals("Shut down\n", output(List.of(ctl, "-c", file.toString(), "shutdown")));
        await("our daemon gone", 30, () -> !Files.exists(tmp.resolve("supervisord.pid")));

        if (Files.isExecutable(REF_D)) {
            refDaemon = new ProcessBuilder(REF_D.toString(), "-n", "-c", file.toString()).redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("ref.out").toFile()).start();
            await("the reference daemon's socket", 30, () -> Files.exists(sock));
            await("the reference answers", 30, () -> {
                try {
                    return output(List.of(ctl, "-c", file.toString(), "version")).strip().equals("4.2.5");
                } catch (Exception | AssertionError e) {
                    return false;
                }
            });
            assertTrue(refDaemon.isAlive(), Files.readString(tmp.resolve("ref.out")));
        }
    }

    @Test
    void namesEveryOptionOfTheReferenceSample() throws Exception {
        assumeTrue(Files.isExecutable(REF_ECHO));
        tree = new DistTree(tmp);
        Set<String> ours = names(output(List.of(tree.home.resolve("bin/echo_supervisord_conf").toString())));
        Set<String> ref = names(output(List.of(REF_ECHO.toString())));
        Set<String> missing = new TreeSet<>(ref);
        missing.removeAll(ours);
        assertEquals(Set.of(), missing, "options the reference's sample names and ours does not");
        // and the [fcgi-program:x] socket options the reference's sample leaves out
        assertTrue(ours.containsAll(Set.of("program.socket", "program.socket_owner", "program.socket_mode",
                "program.socket_backlog", "[fcgi-program]")), ours.toString());
    }
}
