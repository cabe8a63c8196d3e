package io.jsupervisor.core.internal.engine;

import static io.jsupervisor.api.process.ProcessState.EXITED;
import static io.jsupervisor.api.process.ProcessState.RUNNING;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What children write ends up, byte for byte, where the config says. */
class ChildOutputTest {
    @TempDir
    Path dir;

    @Test
    void rotationKeepsEveryByteTheChildWrote() throws Exception {
        // 200 lines of 100 bytes = 20000 bytes; 10 files of 4000 bytes hold all of it.
        String programs = "[program:talker]\ncommand=sh -c \"i=0; while [ $i -lt 200 ]; do "
                + "printf '%%099d\\n' $i; i=$((i+1)); done\"\nstartsecs=0\nautorestart=false\n"
                + "stdout_logfile=%(here)s/talker.log\nstdout_logfile_maxbytes=4000\nstdout_logfile_backups=9\n";
        try (EngineFixture f = new EngineFixture(dir, programs)) {
            f.awaitState("talker", EXITED, 10);
            f.engine.awaitOutput("talker", 5000);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (int i = 9; i >= 1; i--) {
                Path backup = dir.resolve("talker.log." + i);
                if (Files.exists(backup)) {
                    all.write(Files.readAllBytes(backup));
                }
            }
            all.write(Files.readAllBytes(dir.resolve("talker.log")));
            StringBuilder expected = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                expected.append(String.format("%099d\n", i));
            }
            assertEquals(expected.toString(), all.toString());
            // How often it rotates depends on how the pipe delivers the bytes (a write is never split).
            assertTrue(Files.exists(dir.resolve("talker.log.1")), "rotated");
            assertFalse(Files.exists(dir.resolve("talker.log.10")));
        }
    }

    @Test
    void bytesThatAreNotUtf8AreKeptAsTheyAre() throws Exception {
        String programs = "[program:binary]\ncommand=printf '\\377\\376caf\\303\\251\\000end'\n"
                + "startsecs=0\nautorestart=false\nstdout_logfile=%(here)s/binary.log\n";
        try (EngineFixture f = new EngineFixture(dir, programs)) {
            f.awaitState("binary", EXITED, 5);
            f.engine.awaitOutput("binary", 5000);
            byte[] expected = {(byte) 0xff, (byte) 0xfe, 'c', 'a', 'f', (byte) 0xc3, (byte) 0xa9, 0, 'e', 'n', 'd'};
            assertArrayEquals(expected, Files.readAllBytes(dir.resolve("binary.log")));
        }
    }

    @Test
    void redirectStderrAndStripAnsiAndNone() throws Exception {
        String programs = "[program:both]\ncommand=sh -c \"echo out; echo err >&2\"\nredirect_stderr=true\n"
                + "startsecs=0\nautorestart=false\nstdout_logfile=%(here)s/both.log\n\n"
                + "[program:quiet]\ncommand=sh -c \"echo hidden\"\nstdout_logfile=NONE\nstartsecs=0\nautorestart=false\n";
        try (EngineFixture f = new EngineFixture(dir, programs)) {
            f.awaitState("both", EXITED, 5);
            f.awaitState("quiet", EXITED, 5);
            f.engine.awaitOutput("both", 5000);
            String both = Files.readString(dir.resolve("both.log"));
            assertTrue(both.equals("out\nerr\n") || both.equals("err\nout\n"), both);
            assertEquals("", f.info("both").stderrLogfile());
            assertEquals("", f.info("quiet").stdoutLogfile());
        }
    }

    @Test
    void stripAnsiRemovesEscapeSequences() throws Exception {
        Path conf = dir.resolve("x");
        Files.createDirectory(conf);
        String programs = "[program:color]\ncommand=printf '\\033[31mred\\033[0m plain\\n'\n"
                + "startsecs=0\nautorestart=false\nstdout_logfile=%(here)s/color.log\n";
        // strip_ansi lives in [supervisord]; the fixture's section is open when programs follow.
        try (EngineFixture f = new EngineFixture(dir, "strip_ansi=true\n" + programs)) {
            f.awaitState("color", EXITED, 5);
            f.engine.awaitOutput("color", 5000);
            assertEquals("red plain\n", Files.readString(dir.resolve("color.log")));
        }
    }

    @Test
    void autoLogsLiveInChildlogdirWithTheReferenceNames() throws Exception {
        String programs = "[program:auto]\ncommand=sh -c \"echo to-out; echo to-err >&2\"\nstartsecs=0\nautorestart=false\n";
        try (EngineFixture f = new EngineFixture(dir, programs)) {
            f.awaitState("auto", EXITED, 5);
            f.engine.awaitOutput("auto", 5000);
            Path out = Path.of(f.info("auto").stdoutLogfile());
            Path err = Path.of(f.info("auto").stderrLogfile());
            assertEquals(dir.toRealPath(), out.getParent().toRealPath());
            assertTrue(out.getFileName().toString().matches("auto-stdout---supervisor-[a-z0-9_]+\\.log"), out.toString());
            assertTrue(err.getFileName().toString().matches("auto-stderr---supervisor-[a-z0-9_]+\\.log"), err.toString());
            assertEquals("to-out\n", Files.readString(out));
            assertEquals("to-err\n", Files.readString(err));
        }
    }

    @Test
    void usr2ReopensChildLogsForLogrotate() throws Exception {
        String programs = "[program:ticker]\ncommand=sh -c \"while :; do echo tick; sleep 0.05; done\"\n"
                + "startsecs=0\nstdout_logfile=%(here)s/ticker.log\n";
        try (EngineFixture f = new EngineFixture(dir, programs)) {
            f.awaitState("ticker", RUNNING, 5);
            Path log = dir.resolve("ticker.log");
            EngineFixture.await(() -> size(log) > 0, 5, () -> "no output");
            Path rotated = dir.resolve("ticker.log.rotated");
            Files.move(log, rotated);
            long before = size(rotated);
            f.engine.onSignal("USR2");
            EngineFixture.await(() -> Files.exists(log) && size(log) > 0, 5, () -> "log not reopened");
            Thread.sleep(200);
            long after = size(rotated);
            assertTrue(after - before <= 10, "old file kept growing: " + before + " -> " + after);
            assertTrue(f.logLines().contains("INFO received SIGUSR2 indicating log reopen request"), f.logText());
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    @Test
    void numprocsPoolRunsEveryMember() throws Exception {
        String programs = "[program:worker]\ncommand=sh -c \"echo $SUPERVISOR_PROCESS_NAME; sleep 30\"\n"
                + "process_name=%(program_name)s_%(process_num)02d\nnumprocs=3\nnumprocs_start=1\nstartsecs=0\n";
        try (EngineFixture f = new EngineFixture(dir, programs)) {
            for (String n : List.of("worker:worker_01", "worker:worker_02", "worker:worker_03")) {
                f.awaitState(n, RUNNING, 5);
            }
            assertEquals("worker", f.info("worker:worker_02").group());
            EngineFixture.await(() -> {
                try {
                    return f.stdoutLog("worker:worker_03").equals("worker_03\n");
                } catch (java.io.IOException e) {
                    return false;
                }
            }, 5, () -> "worker_03 output");
        }
    }

    @Test
    void oneThreadReadsTheOutputOfManyChildren() throws Exception {
        // 40 programs = 80 pipes; one reader thread per pipe would show as 80 threads here.
        String programs = "[program:chatty]\ncommand=sh -c \"echo out $SUPERVISOR_PROCESS_NAME; "
                + "echo err $SUPERVISOR_PROCESS_NAME >&2; sleep 30\"\n"
                + "process_name=%(program_name)s_%(process_num)02d\nnumprocs=40\nstartsecs=0\n";
        try (EngineFixture f = new EngineFixture(dir, programs)) {
            for (int i = 0; i < 40; i++) {
                String name = String.format("chatty:chatty_%02d", i);
                f.awaitState(name, RUNNING, 10);
                String suffix = String.format("chatty_%02d\n", i);
                EngineFixture.awaitFile(Path.of(f.info(name).stdoutLogfile()), "out " + suffix, 5);
                EngineFixture.awaitFile(Path.of(f.info(name).stderrLogfile()), "err " + suffix, 5);
            }
            long readers = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("jsupervisor-output")).count();
            assertTrue(readers >= 1 && readers <= 3, readers + " output threads for 80 pipes");
        }
    }

    @Test
    void aFloodOfOutputIsLoggedWholeWhileAQuietChildIsStillHeard() throws Exception {
        // 48 MiB in 64 KiB writes: the pipe fills, is grown, and is read several times a turn.
        String programs = "[program:flood]\ncommand=dd if=/dev/zero bs=64k count=768 status=none\n"
                + "startsecs=0\nautorestart=false\nstdout_logfile=%(here)s/flood.log\nstdout_logfile_maxbytes=0\n\n"
                + "[program:quiet]\ncommand=sh -c \"sleep 0.2; echo still here; sleep 30\"\nstartsecs=0\n"
                + "stdout_logfile=%(here)s/quiet.log\n";
        try (EngineFixture f = new EngineFixture(dir, programs)) {
            EngineFixture.awaitFile(dir.resolve("quiet.log"), "still here\n", 5);
            f.awaitState("flood", EXITED, 20);
            f.engine.awaitOutput("flood", 10000);
            assertEquals(768L * 65536, Files.size(dir.resolve("flood.log")));
        }
    }
}
