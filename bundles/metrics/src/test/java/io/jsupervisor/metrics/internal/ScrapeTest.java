package io.jsupervisor.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsupervisor.api.process.ProcessInfo;
import io.jsupervisor.api.process.ProcessState;
import io.jsupervisor.api.process.SupervisorState;
import io.jsupervisor.metrics.internal.Exposition.Format;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scrapes over real processes: 500 programs (a shell holding 500 sleeps), their trees read from
 * /proc, processes that end mid-scrape, the output checked by promtool, and the cost printed.
 */
class ScrapeTest {
    private static final int PROGRAMS = 500;
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void kill() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private Process shell(String script) throws IOException {
        Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        started.add(p);
        return p;
    }

    private static List<ProcessHandle> awaitChildren(Process p, int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            List<ProcessHandle> c = p.children().toList();
            if (c.size() >= n) {
                return c;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("children did not start");
    }

    private static List<ProcessInfo> infos(List<ProcessHandle> pids) {
        long now = System.currentTimeMillis() / 1000;
        List<ProcessInfo> infos = new ArrayList<>();
        for (int i = 0; i < pids.size(); i++) {
            String name = String.format("worker_%03d", i);
            infos.add(new ProcessInfo(name, "pool", now - 10, 0, now, ProcessState.RUNNING, "", 0,
                    "", "", (int) pids.get(i).pid()));
        }
        return infos;
    }

    @Test
    void aProcessTreeSumsTheDescendantsMemoryAndCpu() throws Exception {
        Process p = shell("sleep 300 & sleep 300 & wait");
        List<ProcessHandle> kids = awaitChildren(p, 2);
        // read once both are sleep: a child caught between fork and exec can show 0 bytes resident
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!kids.stream().allMatch(h -> h.info().command().orElse("").endsWith("/sleep"))
                && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        ProcTable t = ProcTable.read();
        ProcTable.Usage root = t.process(p.pid());
        ProcTable.Usage tree = t.tree(p.pid());
        ProcTable.Usage kid = t.process(kids.get(0).pid());
        assertTrue(root.residentBytes() > 0 && kid.residentBytes() > 0, root + " " + kid);
        assertEquals(root.residentBytes() + kid.residentBytes() + t.process(kids.get(1).pid()).residentBytes(),
                tree.residentBytes());
        assertEquals(ProcTable.Usage.NONE, t.tree(Integer.MAX_VALUE), "no such pid");
    }

    @Test
    void fiveHundredProgramsScrapeCheaplyAndPassPromtool() throws Exception {
        Process holder = shell("i=0; while [ $i -lt " + PROGRAMS + " ]; do sleep 600 & i=$((i+1)); done; wait");
        List<ProcessInfo> infos = infos(awaitChildren(holder, PROGRAMS));
        EventTally tally = new EventTally();
        String text = "";
        for (int i = 0; i < 20; i++) {
            text = Scrape.render(Format.PROMETHEUS, infos, SupervisorState.RUNNING, ProcessHandle.current().pid(), tally);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        int rounds = 50;
        long bytes0 = threads.getThreadAllocatedBytes(thread);
        long t0 = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            text = Scrape.render(Format.PROMETHEUS, infos, SupervisorState.RUNNING, ProcessHandle.current().pid(), tally);
        }
        double ms = (System.nanoTime() - t0) / 1e6 / rounds;
        double mb = (threads.getThreadAllocatedBytes(thread) - bytes0) / 1e6 / rounds;
        System.out.printf("scrape of %d programs: %.2f ms, %.2f MB allocated, %d bytes of text, %d lines%n",
                PROGRAMS, ms, mb, text.length(), text.lines().count());
        assertTrue(ms < 1000, "a scrape took " + ms + " ms");

        Matcher rss = Pattern.compile("(?m)^jsupervisor_process_resident_memory_bytes\\{group=\"pool\",name=\"worker_499\"} (\\d+)$")
                .matcher(text);
        assertTrue(rss.find() && Long.parseLong(rss.group(1)) > 0, "the sleep's memory is read");
        assertTrue(text.contains("jsupervisor_processes{state=\"RUNNING\"} " + PROGRAMS + "\n"), "by state");
        assertTrue(text.contains("jsupervisor_process_state{group=\"pool\",name=\"worker_000\",state=\"RUNNING\"} 1\n"));
        // promtool's check reads the 0.0.4 text format only; OpenMetrics is checked by a real scrape
        promtoolAccepts(text);
    }

    @Test
    void processesEndingWhileScrapedNeverFailTheScrape() throws Exception {
        Process holder = shell("i=0; while [ $i -lt 100 ]; do sleep 0.0$((i % 10)) & i=$((i+1)); done; wait");
        List<ProcessInfo> infos = infos(awaitChildren(holder, 1));
        EventTally tally = new EventTally();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        int scrapes = 0;
        while (System.nanoTime() < end) {
            String text = Scrape.render(Format.PROMETHEUS, infos, SupervisorState.RUNNING, ProcessHandle.current().pid(), tally);
            assertTrue(text.contains("jsupervisor_jvm_threads "), text);
            scrapes++;
        }
        assertTrue(scrapes > 0);
    }

    private void promtoolAccepts(String text) throws Exception {
        if (!Files.isExecutable(PROMTOOL)) {
            System.out.println("promtool is absent (Debian package prometheus): format not checked by it");
            return;
        }
        Process p = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
    }
}
