package io.jsupervisor.core.internal.engine;

import static io.jsupervisor.api.process.ProcessState.EXITED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsupervisor.api.log.LogRecord;
import io.jsupervisor.core.internal.log.LogHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stdout_line_prefix}, {@code stderr_line_prefix} and {@code log_line_prefix} on real children. */
class LinePrefixTest {
    @TempDir
    Path dir;

    @Test
    void everyLineGetsItsPrefixAndAPartialLineIsNotCut() throws Exception {
        // "b" arrives alone, its end 0.3 s later: one prefix for the whole line; é is two bytes
        String programs = "[program:web]\nprocess_name=%(program_name)s_%(process_num)d\nnumprocs=1\n"
                + "command=sh -c \"printf 'a\\nb'; sleep 0.3; printf 'c\\n\\303\\251\\n'; echo oops >&2\"\n"
                + "startsecs=0\nautorestart=false\nstdout_logfile=%(here)s/out.log\nstderr_logfile=%(here)s/err.log\n"
                + "stdout_line_prefix=\"%(group_name)s:%(program_name)s_%(process_num)d %(stream)s | \"\n"
                + "stderr_line_prefix=\"[%(asctime)s] %(stream)s \"\n"
                + "[program:plain]\ncommand=sh -c \"echo x\"\nstartsecs=0\nautorestart=false\n"
                + "stdout_logfile=%(here)s/plain.log\n"
                + "[program:both]\ncommand=sh -c \"echo o; echo e >&2\"\nstartsecs=0\nautorestart=false\n"
                + "stdout_logfile=%(here)s/both.out\nstderr_logfile=%(here)s/both.err\nlog_line_prefix=\"%(stream)s> \"\n";
        try (EngineFixture f = new EngineFixture(dir, programs)) {
            for (String name : List.of("web:web_0", "plain", "both")) {
                f.awaitState(name, EXITED, 10);
            }
            f.engine.awaitOutput("web:web_0", 5000);
            f.engine.awaitOutput("plain", 5000);
            f.engine.awaitOutput("both", 5000);
            assertEquals("web:web_0 stdout | a\nweb:web_0 stdout | bc\nweb:web_0 stdout | é\n",
                    Files.readString(dir.resolve("out.log"), StandardCharsets.UTF_8));
            String err = Files.readString(dir.resolve("err.log"));
            assertTrue(err.matches("\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3}\\] stderr oops\n"), err);
            assertEquals("x\n", Files.readString(dir.resolve("plain.log")), "no prefix unless asked");
            assertEquals("stdout> o\n", Files.readString(dir.resolve("both.out")));
            assertEquals("stderr> e\n", Files.readString(dir.resolve("both.err")));
        }
    }

    @Test
    void twoProgramsWritingLinesInPiecesToOneFileNeverInterleaveWithinALine() throws Exception {
        // each line is written in two pieces 2 ms apart; without holding partial lines the two
        // programs' pieces meet in the middle of lines of the shared file
        Files.writeString(dir.resolve("writer.py"), "import sys, time\n"
                + "for i in range(1, 301):\n"
                + "    sys.stdout.write(str(i) + '-'); sys.stdout.flush(); time.sleep(0.002)\n"
                + "    sys.stdout.write('x' * 16 + '\\n'); sys.stdout.flush()\n");
        String programs = "[program:a]\ncommand=python3 %(here)s/writer.py\nstartsecs=0\nautorestart=false\n"
                + "stdout_logfile=%(here)s/shared.log\nstdout_logfile_maxbytes=0\nstdout_line_prefix=\"a | \"\n"
                + "[program:b]\ncommand=python3 %(here)s/writer.py\nstartsecs=0\nautorestart=false\n"
                + "stdout_logfile=%(here)s/shared.log\nstdout_logfile_maxbytes=0\nstdout_line_prefix=\"b | \"\n";
        try (EngineFixture f = new EngineFixture(dir, programs)) {
            f.awaitState("a", EXITED, 30);
            f.awaitState("b", EXITED, 30);
            f.engine.awaitOutput("a", 5000);
            f.engine.awaitOutput("b", 5000);
            List<String> lines = Files.readAllLines(dir.resolve("shared.log"));
            assertEquals(600, lines.size(), String.join("\n", lines.subList(0, Math.min(20, lines.size()))));
            for (String name : List.of("a", "b")) {
                List<String> mine = lines.stream().filter(l -> l.startsWith(name + " | ")).toList();
                assertEquals(300, mine.size(), name);
                for (int i = 0; i < 300; i++) {
                    assertEquals(name + " | " + (i + 1) + "-xxxxxxxxxxxxxxxx", mine.get(i));
                }
            }
        }
    }

    @Test
    void syslogGetsThePrefixedLinesAndALineSplitAcrossReadsIsPrefixedOnce() throws Exception {
        String programs = "[program:talk]\ncommand=sh -c \"printf 'one\\ntw'; sleep 0.3; printf 'o\\n'; echo bad >&2\"\n"
                + "autostart=false\nstartsecs=0\nautorestart=false\nstdout_syslog=true\nstderr_syslog=true\n"
                + "log_line_prefix=\"%(program_name)s %(stream)s | \"\n"
                + "[program:quiet]\ncommand=sh -c \"echo plain\"\nautostart=false\nstartsecs=0\nautorestart=false\n"
                + "stdout_syslog=true\n";
        StringBuilder stdout = new StringBuilder();
        StringBuilder stderr = new StringBuilder();
        StringBuilder quiet = new StringBuilder();
        LogHandlers handlers = new LogHandlers();
        handlers.add(r -> {
            if (r.source() != LogRecord.Source.CHILD) {
                return;
            }
            StringBuilder to = r.processName().equals("quiet") ? quiet : r.channel().equals("stderr") ? stderr : stdout;
            synchronized (to) {
                to.append(r.message());
            }
        }, false);
        try (EngineFixture f = new EngineFixture(dir, programs)) {
            f.engine.setLogHandlers(handlers);
            f.engine.startProcess("talk", true).toCompletableFuture().get(10, TimeUnit.SECONDS);
            f.engine.startProcess("quiet", true).toCompletableFuture().get(10, TimeUnit.SECONDS);
            f.awaitState("talk", EXITED, 10);
            f.awaitState("quiet", EXITED, 10);
            f.engine.awaitOutput("talk", 5000);
            f.engine.awaitOutput("quiet", 5000);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline && (!done(stdout, "two\n") || !done(stderr, "bad\n")
                    || !done(quiet, "plain\n"))) {
                Thread.sleep(20);
            }
            synchronized (stdout) {
                assertEquals("talk stdout | one\ntalk stdout | two\n", stdout.toString());
            }
            synchronized (stderr) {
                assertEquals("talk stderr | bad\n", stderr.toString());
            }
            synchronized (quiet) {
                assertEquals("plain\n", quiet.toString(), "no prefix unless asked");
            }
        } finally {
            handlers.close();
        }
    }

    private static boolean done(StringBuilder b, String end) {
        synchronized (b) {
            return b.toString().endsWith(end);
        }
    }
}
