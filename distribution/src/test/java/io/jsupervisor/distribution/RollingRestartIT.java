package io.jsupervisor.distribution;

import static io.jsupervisor.distribution.DistTree.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jsupervisor's own supervisorctl features against the built daemon: {@code rolling-restart}'s
 * lines and exit status for a roll that completes and one that stops, and {@code start}'s lines
 * for the dependencies it starts first; against the reference daemon, which has neither.
 */
class RollingRestartIT {
    private static final Path REF_D = Path.of("/usr/bin/supervisord");

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

    private String servers(Path sock) {
        return "[unix_http_server]\nfile=" + sock + "\n"
                + "[rpcinterface:supervisor]\n"
                + "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n"
                + "[supervisorctl]\nserverurl=unix://" + sock + "\n"
                // a member exits at once while its file broken-N exists
                + "[program:pool]\ncommand=sh -c \"test -f " + tmp + "/broken-%(process_num)d && exit 1; "
                + "exec sleep 1000\"\nprocess_name=%(program_name)s_%(process_num)d\nnumprocs=3\nstartsecs=1\n";
    }

    record Out(String text, int rc) {}

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private Out ctl(Path conf, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(tree.home.resolve("bin/supervisorctl").toString(), "-c",
                conf.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, p.waitFor(60, TimeUnit.SECONDS));
        return new Out(out, p.exitValue());
    }

    @Test
    void aRollThatCompletesAndOneThatStops() throws Exception {
        tree = new DistTree(tmp);
        Path conf = tree.config(servers(tmp.resolve("s.sock")));
        tree.start(List.of("-c", conf.toString()), null);
        await("pool up", 30, () -> tree.activityLogText().split("success: pool_").length == 4);

        assertEquals(new Out("pool:pool_0: stopped\npool:pool_0: started\npool:pool_1: stopped\npool:pool_1: started\n"
                + "pool:pool_2: stopped\npool:pool_2: started\n", 0), ctl(conf, "rolling-restart", "pool"));
        assertEquals(new Out("pool:pool_0: stopped\npool:pool_0: started\npool:pool_1: stopped\npool:pool_1: started\n"
                + "pool:pool_2: stopped\npool:pool_2: started\n", 0), ctl(conf, "rolling-restart", "pool", "--batch", "2"));

        String pid2 = ctl(conf, "pid", "pool:pool_2").text();
        Files.writeString(tmp.resolve("broken-1"), "");
        assertEquals(new Out("pool:pool_0: stopped\npool:pool_0: started\n"
                + "pool:pool_1: ERROR (did not become ready (spawn error))\n"
                + "pool:pool_2: ERROR (not restarted: the rolling restart stopped before it)\n"
                + "Error: the rolling restart of pool stopped at pool:pool_1\n", 1), ctl(conf, "rolling-restart", "pool"));
        assertEquals(pid2, ctl(conf, "pid", "pool:pool_2").text(), "pool_2 was left running as it was");
        assertNotEquals("0\n", pid2);
        String log = tree.activityLogText();
        assertEquals(true, log.contains("INFO rolling restart of pool: batch 2 of 2: pool:pool_2"), log);
        assertEquals(true, log.contains("WARN rolling restart of pool: stopped, pool:pool_1 did not become ready "
                + "(spawn error)"), log);

        assertEquals(new Out("nope: ERROR (no such group)\n", 1), ctl(conf, "rolling-restart", "nope"));
        Out misuse = ctl(conf, "rolling-restart");
        assertEquals(1, misuse.rc());
        assertEquals(true, misuse.text().startsWith("Error: rolling-restart requires a group name\n"), misuse.text());
    }

    @Test
    void startShowsTheDependenciesItStartsFirstInOrder() throws Exception {
        tree = new DistTree(tmp);
        Path conf = tree.config(servers(tmp.resolve("s.sock"))
                + "[program:db]\ncommand=sleep 1000\nstartsecs=0\nautostart=false\n"
                + "[program:app]\ncommand=sleep 1000\nstartsecs=0\nautostart=false\ndepends_on=db\n"
                + "[program:web]\ncommand=sleep 1000\nstartsecs=0\nautostart=false\ndepends_on=app\n");
        tree.start(List.of("-c", conf.toString()), null);
        await("pool up", 30, () -> tree.activityLogText().split("success: pool_").length == 4);
        assertEquals(new Out("db: started\napp: started\nweb: started\n", 0), ctl(conf, "start", "web"));
        assertEquals(new Out("web: ERROR (already started)\n", 0), ctl(conf, "start", "web"));
        ctl(conf, "stop", "web");
        assertEquals(new Out("web: started\n", 0), ctl(conf, "start", "web"), "its dependencies were running");
        assertEquals(new Out("pool:pool_0: ERROR (already started)\n", 0), ctl(conf, "start", "pool:pool_0"));
    }

    @Test
    void theReferenceDaemonHasNoRollingRestart() throws Exception {
        tree = new DistTree(tmp);
        Path conf = tree.config(servers(tmp.resolve("ref.sock")));
        refDaemon = new ProcessBuilder(REF_D.toString(), "-n", "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("ref.out").toFile()).start();
        await("socket", 30, () -> Files.exists(tmp.resolve("ref.sock")));
        assertEquals(new Out("Error: this supervisord cannot do a rolling restart "
                + "(jsupervisor.rollingRestart: UNKNOWN_METHOD)\n", 1), ctl(conf, "rolling-restart", "pool"));
        // start asks which dependencies it will start; the reference cannot say, and nothing changes
        await("pool up", 30, () -> readQuietly(tmp.resolve("ref.out")).split("success: pool_").length == 4);
        assertEquals(new Out("pool:pool_0: ERROR (already started)\n", 0), ctl(conf, "start", "pool:pool_0"));
        ctl(conf, "stop", "pool:pool_0");
        assertEquals(new Out("pool:pool_0: started\n", 0), ctl(conf, "start", "pool:pool_0"));
    }
}
