package io.jsupervisor.core.internal.engine;

import static io.jsupervisor.api.process.ProcessState.BACKOFF;
import static io.jsupervisor.api.process.ProcessState.EXITED;
import static io.jsupervisor.api.process.ProcessState.FATAL;
import static io.jsupervisor.api.process.ProcessState.RUNNING;
import static io.jsupervisor.api.process.ProcessState.STARTING;
import static io.jsupervisor.api.process.ProcessState.STOPPED;
import static io.jsupervisor.api.process.ProcessState.STOPPING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsupervisor.api.process.Fault;
import io.jsupervisor.api.process.ProcessState;
import io.jsupervisor.api.process.SupervisorException;
import io.jsupervisor.api.process.SupervisorState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineTest {
    @TempDir
    Path dir;

    private static SupervisorException faultOf(java.util.concurrent.CompletionStage<Boolean> stage) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> stage.toCompletableFuture().get(30, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof SupervisorException, "cause: " + e.getCause());
        return (SupervisorException) e.getCause();
    }

    @Test
    void startsecsZeroGoesStraightToRunning() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "[program:web]\ncommand=sleep 30\nstartsecs=0\n")) {
            f.awaitState("web", RUNNING, 5);
            assertEquals(List.of(STARTING, RUNNING), f.states("web"));
            int pid = f.info("web").pid();
            assertTrue(f.logLines().contains("INFO spawned: 'web' with pid " + pid), f.logText());
            assertTrue(f.logLines().contains(
                    "INFO success: web entered RUNNING state, process has stayed up for > than 0 seconds (startsecs)"));
            assertEquals(SupervisorState.SHUTDOWN, f.shutdown());
            assertTrue(f.logLines().contains("WARN stopped: web (terminated by SIGTERM)"), f.logText());
            assertEquals(List.of(STARTING, RUNNING, STOPPING, STOPPED), f.states("web"));
        }
    }

    @Test
    void runningOnlyAfterStartsecs() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "[program:web]\ncommand=sleep 30\nstartsecs=1\n")) {
            f.awaitState("web", RUNNING, 5);
            List<EngineFixture.Transition> t = f.transitions("web");
            long held = t.get(1).nanos() - t.get(0).nanos();
            assertTrue(held >= TimeUnit.MILLISECONDS.toNanos(1000), "RUNNING after " + held + " ns");
            assertTrue(held < TimeUnit.MILLISECONDS.toNanos(1500), "RUNNING after " + held + " ns");
        }
    }

    @Test
    void crashLoopBacksOffOneSecondMoreEachTimeThenGivesUp() throws Exception {
        try (EngineFixture f = new EngineFixture(dir,
                "[program:crash]\ncommand=sh -c \"exit 3\"\nstartsecs=1\nstartretries=2\n")) {
            f.awaitState("crash", FATAL, 10);
            assertEquals(List.of(STARTING, BACKOFF, STARTING, BACKOFF, STARTING, BACKOFF, FATAL), f.states("crash"));
            List<EngineFixture.Transition> t = f.transitions("crash");
            long firstGap = t.get(2).nanos() - t.get(1).nanos();
            long secondGap = t.get(4).nanos() - t.get(3).nanos();
            // The listener stamps a transition after the engine set the deadline and published the
            // event; on a loaded machine that stamp can lag the deadline's base by a few ms.
            assertTrue(firstGap >= TimeUnit.MILLISECONDS.toNanos(990) && firstGap < TimeUnit.MILLISECONDS.toNanos(1400),
                    "first backoff " + firstGap);
            assertTrue(secondGap >= TimeUnit.MILLISECONDS.toNanos(1990) && secondGap < TimeUnit.MILLISECONDS.toNanos(2400),
                    "second backoff " + secondGap);
            List<String> lines = f.logLines();
            assertEquals(3, lines.stream().filter(l -> l.equals("WARN exited: crash (exit status 3; not expected)")).count(),
                    f.logText());
            assertTrue(lines.contains("INFO gave up: crash entered FATAL state, too many start retries too quickly"));
            // no SIGCHLD handler runs: the engine logs the reference's line as it takes each exit
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("WARN exited: crash")) {
                    assertEquals("DEBG received SIGCHLD indicating a child quit", lines.get(i - 1), f.logText());
                }
            }
            assertEquals("Exited too quickly (process log may have details)", f.info("crash").spawnerr());
        }
    }

    @Test
    void missingCommandIsASpawnErrorThenFatal() throws Exception {
        try (EngineFixture f = new EngineFixture(dir,
                "[program:missing]\ncommand=/nonexistent/x\nstartretries=1\n")) {
            f.awaitState("missing", FATAL, 5);
            List<String> lines = f.logLines();
            assertEquals(2, lines.stream().filter(l -> l.equals("INFO spawnerr: can't find command '/nonexistent/x'")).count(),
                    f.logText());
            assertFalse(lines.stream().anyMatch(l -> l.contains("spawned: 'missing'")));
            assertEquals("can't find command '/nonexistent/x'", f.info("missing").spawnerr());
            SupervisorException e = faultOf(f.engine.startProcess("missing", true));
            assertEquals(Fault.NO_FILE, e.fault());
            assertEquals("NO_FILE: can't find command '/nonexistent/x'", e.getMessage());
        }
    }

    @Test
    void notExecutableFileIsRefused() throws Exception {
        Path script = dir.resolve("script.sh");
        Files.writeString(script, "#!/bin/sh\necho hi\n");
        try (EngineFixture f = new EngineFixture(dir,
                "[program:noexec]\ncommand=" + script + "\nautostart=false\n")) {
            SupervisorException e = faultOf(f.engine.startProcess("noexec", true));
            assertEquals(Fault.NOT_EXECUTABLE, e.fault());
            assertEquals("NOT_EXECUTABLE: command at '" + script + "' is not executable", e.getMessage());
        }
    }

    @Test
    void autorestartMatrix() throws Exception {
        String programs = ""
                + "[program:always]\ncommand=sh -c \"sleep 0.3; exit 0\"\nstartsecs=0\nautorestart=true\n\n"
                + "[program:never]\ncommand=sh -c \"sleep 0.3; exit 3\"\nstartsecs=0\nautorestart=false\n\n"
                + "[program:expected]\ncommand=sh -c \"sleep 0.3; exit 0\"\nstartsecs=0\nautorestart=unexpected\n\n"
                + "[program:unexpected]\ncommand=sh -c \"sleep 0.3; exit 3\"\nstartsecs=0\nautorestart=unexpected\n";
        try (EngineFixture f = new EngineFixture(dir, programs)) {
            EngineFixture.await(() -> f.states("always").stream().filter(s -> s == STARTING).count() >= 3, 10,
                    () -> "always restarted: " + f.states("always"));
            EngineFixture.await(() -> f.states("unexpected").stream().filter(s -> s == STARTING).count() >= 3, 10,
                    () -> "unexpected restarted: " + f.states("unexpected"));
            assertEquals(List.of(STARTING, RUNNING, EXITED), f.states("never"));
            assertEquals(List.of(STARTING, RUNNING, EXITED), f.states("expected"));
            assertEquals(3, f.info("never").exitstatus());
            assertEquals("Bad exit code 3", f.info("never").spawnerr());
            assertTrue(f.logLines().contains("WARN exited: never (exit status 3; not expected)"));
            assertTrue(f.logLines().contains("INFO exited: expected (exit status 0; expected)"));
        }
    }

    @Test
    void childIgnoringTermIsKilledAfterStopwaitsecs() throws Exception {
        Path ready = dir.resolve("ready");
        try (EngineFixture f = new EngineFixture(dir, "[program:stubborn]\ncommand=sh -c \"trap '' TERM; touch "
                + ready + "; while :; do sleep 0.1; done\"\nstartsecs=0\nstopwaitsecs=1\nkillasgroup=true\n")) {
            f.awaitState("stubborn", RUNNING, 5);
            EngineFixture.await(() -> Files.exists(ready), 5, () -> "trap never set");
            int pid = f.info("stubborn").pid();
            long t0 = System.nanoTime();
            f.engine.stopProcess("stubborn", true).toCompletableFuture().get(10, TimeUnit.SECONDS);
            long took = System.nanoTime() - t0;
            assertTrue(took >= TimeUnit.MILLISECONDS.toNanos(1000) && took < TimeUnit.MILLISECONDS.toNanos(2500),
                    "stop took " + took);
            List<String> lines = f.logLines();
            assertTrue(lines.contains("WARN killing 'stubborn' (" + pid + ") with SIGKILL"), f.logText());
            assertTrue(lines.contains("WARN stopped: stubborn (terminated by SIGKILL)"), f.logText());
            assertEquals(STOPPED, f.info("stubborn").state());
        }
    }

    @Test
    void stopasgroupReachesTheGrandchild() throws Exception {
        Path grandchild = dir.resolve("grandchild.pid");
        try (EngineFixture f = new EngineFixture(dir, "[program:parent]\ncommand=sh -c \"sleep 1000 & echo $! > "
                + grandchild + "; wait\"\nstartsecs=0\nstopasgroup=true\n")) {
            f.awaitState("parent", RUNNING, 5);
            EngineFixture.await(() -> Files.exists(grandchild) && !readOrEmpty(grandchild).isEmpty(), 5,
                    () -> "no grandchild pid");
            long gpid = Long.parseLong(readOrEmpty(grandchild));
            assertTrue(ProcessHandle.of(gpid).isPresent());
            f.engine.stopProcess("parent", true).toCompletableFuture().get(10, TimeUnit.SECONDS);
            EngineFixture.await(() -> ProcessHandle.of(gpid).map(h -> !h.isAlive()).orElse(true), 5,
                    () -> "grandchild " + gpid + " survived");
        }
    }

    private static String readOrEmpty(Path p) {
        try {
            return Files.readString(p).trim();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @Test
    void priorityOrdersStartAndShutdown() throws Exception {
        String programs = ""
                + "[program:c]\ncommand=sleep 30\nstartsecs=0\npriority=300\n\n"
                + "[program:a]\ncommand=sleep 30\nstartsecs=0\npriority=100\n\n"
                + "[program:b]\ncommand=sleep 30\nstartsecs=0\npriority=200\n";
        try (EngineFixture f = new EngineFixture(dir, programs)) {
            for (String n : List.of("a", "b", "c")) {
                f.awaitState(n, RUNNING, 5);
            }
            f.shutdown();
            List<String> spawned = f.logLines().stream().filter(l -> l.startsWith("INFO spawned:")).toList();
            assertTrue(spawned.get(0).contains("'a'") && spawned.get(1).contains("'b'") && spawned.get(2).contains("'c'"),
                    spawned.toString());
            List<String> stopped = f.logLines().stream().filter(l -> l.contains("stopped:")).toList();
            assertEquals(List.of("WARN stopped: c (terminated by SIGTERM)", "WARN stopped: b (terminated by SIGTERM)",
                    "WARN stopped: a (terminated by SIGTERM)"), stopped);
        }
    }

    @Test
    void environmentDirectoryAndUmask() throws Exception {
        Path work = Files.createDirectory(dir.resolve("work"));
        try (EngineFixture f = new EngineFixture(dir, "[program:env]\ncommand=sh -c \"pwd; umask; "
                + "echo $SUPERVISOR_ENABLED $SUPERVISOR_PROCESS_NAME $SUPERVISOR_GROUP_NAME $FOO $HOME; "
                + "grep SigBlk /proc/self/status\"\n"
                + "directory=" + work + "\numask=027\nenvironment=FOO=\"bar baz\"\nstartsecs=0\nautorestart=false\n")) {
            f.awaitState("env", EXITED, 5);
            f.engine.awaitOutput("env", 5000);
            String out = f.stdoutLog("env");
            assertEquals(work + "\n0027\n1 env env bar baz " + System.getenv("HOME") + "\nSigBlk:\t0000000000000000\n", out);
        }
    }

    /** As under the reference (CPython ignores both): EPIPE and EFBIG instead of death. */
    @Test
    void childrenStartWithSigpipeAndSigxfszIgnoredAndNothingBlocked() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "[program:sig]\ncommand=grep -E \"SigBlk|SigIgn\" "
                + "/proc/self/status\nstartsecs=0\nautorestart=false\n")) {
            f.awaitState("sig", EXITED, 5);
            f.engine.awaitOutput("sig", 5000);
            assertEquals("SigBlk:\t0000000000000000\nSigIgn:\t0000000001001000\n", f.stdoutLog("sig"));
        }
    }

    @Test
    void childrenGetOnlyTheirThreeDescriptorsAndExactArguments() throws Exception {
        // Other children's pipes and log files are open in the daemon while this one starts.
        try (EngineFixture f = new EngineFixture(dir, "[program:busy]\ncommand=sleep 30\nstartsecs=0\n\n"
                + "[program:fds]\ncommand=sh -c \"cd /proc/$$/fd && echo * && printf '%%s|' \\\"$@\\\"\" sh 'a b' '' "
                + "caf\u00e9\nstartsecs=0\nautorestart=false\npriority=999\n")) {
            f.awaitState("busy", RUNNING, 5);
            f.awaitState("fds", EXITED, 5);
            f.engine.awaitOutput("fds", 5000);
            // 3 is the directory the shell has open while it expands the *
            assertEquals("0 1 2 3\na b||caf\u00e9|", f.stdoutLog("fds"));
        }
    }

    @Test
    void aFileThatCannotBeExecutedIsReportedOnStderrLikeTheReference() throws Exception {
        Path noShebang = dir.resolve("noshebang");
        Files.write(noShebang, new byte[] {0x7f, 'E', 'L', 'F', 0, 0, 0, 0});
        Files.setPosixFilePermissions(noShebang, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        try (EngineFixture f = new EngineFixture(dir, "[program:bad]\ncommand=" + noShebang
                + "\nstartsecs=0\nautorestart=false\nstderr_logfile=%(here)s/bad.err\n")) {
            f.awaitState("bad", EXITED, 5);
            f.engine.awaitOutput("bad", 5000);
            assertEquals("supervisor: couldn't exec " + noShebang + ": ENOEXEC\n",
                    Files.readString(dir.resolve("bad.err")));
            assertEquals(127, f.info("bad").exitstatus());
        }
    }

    @Test
    void missingDirectoryIsReportedOnStderrLikeTheReference() throws Exception {
        try (EngineFixture f = new EngineFixture(dir,
                "[program:nodir]\ncommand=sleep 5\ndirectory=/nonexistent/dir\nstartretries=0\n")) {
            f.awaitState("nodir", FATAL, 5);
            f.engine.awaitOutput("nodir", 5000);
            String err = Files.readString(Path.of(f.info("nodir").stderrLogfile()));
            assertEquals("supervisor: couldn't chdir to /nonexistent/dir: ENOENT\n", err);
            assertTrue(f.logLines().contains("WARN exited: nodir (exit status 127; not expected)"), f.logText());
        }
    }

    @Test
    void exitStatusAndSignalAreTold() throws Exception {
        try (EngineFixture f = new EngineFixture(dir,
                "[program:x143]\ncommand=sh -c \"exit 143\"\nstartsecs=0\nautorestart=false\n")) {
            f.awaitState("x143", EXITED, 5);
            assertEquals(143, f.info("x143").exitstatus());
            assertTrue(f.logLines().contains("WARN exited: x143 (exit status 143; not expected)"), f.logText());
        }
    }

    @Test
    void startAndStopRequests() throws Exception {
        try (EngineFixture f = new EngineFixture(dir,
                "[program:web]\ncommand=sleep 30\nstartsecs=1\nautostart=false\nautorestart=false\n")) {
            assertEquals(ProcessState.STOPPED, f.info("web").state());
            assertEquals("Not started", f.info("web").description());
            long t0 = System.nanoTime();
            assertTrue(f.engine.startProcess("web", true).toCompletableFuture().get(10, TimeUnit.SECONDS));
            assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(1000));
            assertEquals(RUNNING, f.info("web").state());
            assertTrue(f.info("web").description().matches("pid \\d+, uptime 0:00:0\\d"), f.info("web").description());
            assertEquals(Fault.ALREADY_STARTED, faultOf(f.engine.startProcess("web", true)).fault());
            assertEquals(Fault.BAD_NAME, faultOf(f.engine.startProcess("nope", true)).fault());
            assertEquals("BAD_NAME: nope", faultOf(f.engine.startProcess("nope", true)).getMessage());
            assertTrue(f.engine.signalProcess("web:web", "USR1").toCompletableFuture().get(5, TimeUnit.SECONDS));
            f.awaitState("web", EXITED, 5);
            assertTrue(f.logLines().contains("WARN exited: web (terminated by SIGUSR1; not expected)"), f.logText());
            assertEquals(-1, f.info("web").exitstatus());
            assertEquals(Fault.NOT_RUNNING, faultOf(f.engine.stopProcess("web", true)).fault());
            assertEquals(Fault.BAD_SIGNAL, faultOf(f.engine.signalProcess("web", "NOPE")).fault());
        }
    }

    @Test
    void startWaitReportsSpawnErrorForAQuickCrash() throws Exception {
        try (EngineFixture f = new EngineFixture(dir,
                "[program:crash]\ncommand=sh -c \"exit 1\"\nstartsecs=1\nautostart=false\nstartretries=0\n")) {
            SupervisorException e = faultOf(f.engine.startProcess("crash", true));
            assertEquals(Fault.SPAWN_ERROR, e.fault());
            assertEquals("SPAWN_ERROR: crash", e.getMessage());
        }
    }
}
