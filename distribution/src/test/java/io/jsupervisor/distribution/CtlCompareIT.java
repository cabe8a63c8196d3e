package io.jsupervisor.distribution;

import static io.jsupervisor.distribution.DistTree.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
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
 * Our bin/supervisorctl and the reference /usr/bin/supervisorctl, run one after the other with the
 * same arguments against the same daemon (ours, and the reference's), must print the same
 * stdout/stderr and exit with the same code (pids, uptimes and program paths normalised).
 */
class CtlCompareIT {
    private static final Path REF_CTL = Path.of("/usr/bin/supervisorctl");
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

    private Path config() throws IOException {
        tree = new DistTree(tmp);
        return tree.config("[unix_http_server]\nfile=" + tmp.resolve("s.sock") + "\n"
                + "[rpcinterface:supervisor]\n"
                + "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n"
                + "[supervisorctl]\nserverurl=unix://" + tmp.resolve("s.sock") + "\n"
                + "[program:sleeper]\ncommand=sleep 1000\n"
                + "[program:echo]\ncommand=sh -c 'printf \"hello\\n\\303\\251t\\303\\251\\n\"; echo err >&2; exec sleep 1000'\n"
                + "[program:off]\ncommand=sleep 1000\nautostart=false\n"
                + "[group:g]\nprograms=off\n");
    }

    record Out(String text, int rc) {}

    private Out run(Path exe, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(exe.toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("LANG", "C.UTF-8");
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] b = p.getInputStream().readAllBytes();
        assertEquals(true, p.waitFor(30, TimeUnit.SECONDS));
        String t = new String(b, StandardCharsets.UTF_8)
                .replaceAll("pid \\d+, uptime \\d+:\\d\\d:\\d\\d", "pid N, uptime T")
                .replaceAll("(?m)^\\d+$", "N")
                .replace(exe.toString(), "PROG")
                .replaceAll("file: \\S+ line: \\d+", "file: F line: L")
                // help prose is our own: compare everything but the tab-laid-out help lines
                .replaceAll("(?m)^.*\t.*\n", "")
                .replaceAll("(?m)^Note: restart .*\n", "");
        return new Out(t, p.exitValue());
    }

    private Path ourCtl() {
        return tree.home.resolve("bin/supervisorctl");
    }

    private void same(Path conf, String... args) throws Exception {
        List<String> a = new ArrayList<>(List.of("-c", conf.toString()));
        a.addAll(List.of(args));
        Out ref = run(REF_CTL, a);
        Out ours = run(ourCtl(), a);
        assertEquals(ref, ours, "supervisorctl " + String.join(" ", args));
    }

    /** Runs {@code reset} (with the reference client) before each client's run of a state-changing action. */
    private void sameFrom(Path conf, String reset, String... args) throws Exception {
        List<String> a = new ArrayList<>(List.of("-c", conf.toString()));
        a.addAll(List.of(args));
        List<String> r = new ArrayList<>(List.of("-c", conf.toString()));
        r.addAll(List.of(reset.split(" ")));
        run(REF_CTL, r);
        Out ref = run(REF_CTL, a);
        run(REF_CTL, r);
        Out ours = run(ourCtl(), a);
        assertEquals(ref, ours, "supervisorctl " + String.join(" ", args));
    }

    private void sameRaw(String... args) throws Exception {
        Out ref = run(REF_CTL, List.of(args));
        Out ours = run(ourCtl(), List.of(args));
        assertEquals(ref, ours, "supervisorctl " + String.join(" ", args));
    }

    private void startOurs(Path conf) throws Exception {
        tree.start(List.of("-c", conf.toString()), null);
        await("socket", 30, () -> Files.exists(tmp.resolve("s.sock")));
        await("programs up", 30, () -> tree.activityLogText().contains("success: echo entered RUNNING")
                && tree.activityLogText().contains("success: sleeper entered RUNNING"));
    }

    private void startRef(Path conf) throws Exception {
        refDaemon = new ProcessBuilder(REF_D.toString(), "-n", "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("ref.out").toFile()).start();
        await("socket", 30, () -> Files.exists(tmp.resolve("s.sock")));
        await("programs up", 30, () -> tree.activityLogText().contains("success: echo entered RUNNING")
                && tree.activityLogText().contains("success: sleeper entered RUNNING"));
    }

    /** Actions that read or change state in ways both clients see identically when run in turn. */
    private void readOnlyActions(Path conf) throws Exception {
        same(conf, "status");
        same(conf, "status", "all");
        same(conf, "status", "nope");
        same(conf, "status", "g:*");
        same(conf, "status", "g:");
        same(conf, "status", "nope:*");
        same(conf, "status", "g:off", "sleeper");
        same(conf, "start", "nope");
        same(conf, "start", "nope:*");
        same(conf, "start", "sleeper");
        same(conf, "stop", "nope");
        same(conf, "stop", "g:*");
        same(conf, "stop", "g:off");
        same(conf, "pid", "nope");
        same(conf, "pid", "g:off");
        same(conf, "pid", "all");
        same(conf, "pid");
        same(conf, "tail", "echo");
        same(conf, "tail", "echo", "stderr");
        same(conf, "tail", "-3", "echo");
        same(conf, "tail", "-x", "echo");
        same(conf, "tail", "echo", "bogus");
        same(conf, "tail", "nope");
        same(conf, "tail");
        same(conf, "tail", "a", "b", "c", "d");
        same(conf, "avail");
        same(conf, "avail", "x");
        same(conf, "reread");
        same(conf, "version");
        same(conf, "signal", "BOGUS", "sleeper");
        same(conf, "signal", "HUP", "g:off");
        same(conf, "signal", "HUP", "nope:*");
        same(conf, "signal", "HUP");
        same(conf, "clear", "echo");
        same(conf, "clear", "nope");
        same(conf, "clear");
        same(conf, "foo");
        same(conf, "update");
        same(conf, "update", "nope");
        same(conf, "add", "x");
        same(conf, "add", "sleeper");
        same(conf, "remove", "sleeper");
        same(conf, "remove", "x");
        same(conf, "help");
        same(conf, "help", "help");
        same(conf, "help", "nosuch");
        same(conf, "start");
        same(conf, "stop");
        same(conf, "maintail", "x");
        same(conf, "maintail", "-x");
        same(conf, "maintail", "-1", "-2");
        same(conf, "shutdown", "x");
        same(conf, "reload", "x");
        same(conf, "version", "x");
        same(conf, "fg");
        same(conf, "fg", "nope");
        same(conf, "fg", "g:off");
    }

    @Test
    void actionsAgainstOurDaemon() throws Exception {
        assumeTrue(Files.isExecutable(REF_CTL));
        Path conf = config();
        startOurs(conf);
        readOnlyActions(conf);
        // state changes: each client starts from the same state
        sameFrom(conf, "stop g:off", "start", "g:off");
        sameFrom(conf, "stop g:off", "start", "g:*");
        sameFrom(conf, "start g:off", "stop", "g:off");
        sameFrom(conf, "start g:off", "restart", "g:off");
        sameFrom(conf, "stop g:off echo", "start", "g:off", "echo");
        sameFrom(conf, "start all", "stop", "all");
        sameFrom(conf, "stop all", "status");
        sameFrom(conf, "add g", "remove", "g");
        sameFrom(conf, "remove g", "add", "g");
        sameFrom(conf, "stop all", "start", "all");
        // shutdown: the first client shuts down, the second finds no socket
        Out ref = run(REF_CTL, List.of("-c", conf.toString(), "shutdown"));
        assertEquals(new Out("Shut down\n", 0), ref);
        await("daemon gone", 30, () -> !Files.exists(tree.pidfile()));
        same(conf, "status");
        same(conf, "stop", "all");
        same(conf, "pid");
        same(conf, "shutdown");
    }

    @Test
    void actionsAgainstReferenceDaemon() throws Exception {
        assumeTrue(Files.isExecutable(REF_CTL) && Files.isExecutable(REF_D));
        Path conf = config();
        startRef(conf);
        readOnlyActions(conf);
        sameFrom(conf, "stop g:off", "start", "g:off");
        sameFrom(conf, "start g:off", "stop", "g:off");
        sameFrom(conf, "stop all", "status");
        assertEquals(new Out("Shut down\n", 0), run(ourCtl(), List.of("-c", conf.toString(), "shutdown")));
    }

    @Test
    void connectionAndOptionErrors() throws Exception {
        assumeTrue(Files.isExecutable(REF_CTL));
        config();
        String sock = "unix://" + tmp.resolve("none.sock");
        for (String action : List.of("status", "start x", "stop x", "pid", "tail x", "version", "avail", "shutdown")) {
            List<String> a = new ArrayList<>(List.of("-s", sock));
            a.addAll(List.of(action.split(" ")));
            sameRaw(a.toArray(String[]::new));
            a.set(1, "http://127.0.0.1:1");
            sameRaw(a.toArray(String[]::new));
        }
        sameRaw("-c", tmp.resolve("nonexistent.conf").toString(), "status");
        sameRaw("-x");
        sameRaw("-c");
        sameRaw("--nosuch");
        sameRaw("-s", "foo", "status");
        sameRaw("-s", "a", "-s", "b", "status");
        Path noctl = tmp.resolve("noctl.conf");
        Files.writeString(noctl, "[supervisord]\n");
        sameRaw("-c", noctl.toString(), "status");
    }

    @Test
    void authFailure() throws Exception {
        assumeTrue(Files.isExecutable(REF_CTL));
        tree = new DistTree(tmp);
        Path conf = tree.config("[inet_http_server]\nport=127.0.0.1:19347\nusername=u\npassword=secret\n"
                + "[rpcinterface:supervisor]\n"
                + "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n"
                + "[supervisorctl]\nserverurl=http://127.0.0.1:19347\n"
                + "[program:sleeper]\ncommand=sleep 1000\n");
        tree.start(List.of("-c", conf.toString()), null);
        await("programs up", 30, () -> tree.activityLogText().contains("success: sleeper entered RUNNING"));
        same(conf, "status");
        same(conf, "-u", "u", "-p", "wrong", "status");
        same(conf, "-u", "u", "-p", "secret", "status");
        sameFrom(conf, "-u u -p secret start sleeper", "-u", "u", "-p", "secret", "stop", "sleeper");
        same(conf, "-u", "u", "-p", "wrong", "avail");
    }
}
