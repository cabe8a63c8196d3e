package io.jsupervisor.rpcinterface.internal.supervisor;

import static io.jsupervisor.rpcinterface.internal.supervisor.RealEngine.list;
import static io.jsupervisor.rpcinterface.internal.supervisor.RealEngine.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsupervisor.api.process.Fault;
import io.jsupervisor.api.process.ProcessState;
import io.jsupervisor.api.rpc.RpcMethod;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every supervisor.* method driven through its handler against a real engine and real children. */
class SupervisorNamespaceTest {
    static final String PROGRAMS = String.join("\n",
            "[program:cat]",
            "command=/bin/cat",
            "startsecs=0",
            "stdout_logfile=%(here)s/cat.out",
            "stderr_logfile=%(here)s/cat.err",
            "",
            "[program:slow]",
            "command=/bin/sh -c 'echo out; echo err >&2; exec sleep 1000'",
            "autostart=false",
            "startsecs=1",
            "",
            "[program:trap]",
            "command=/bin/sh -c 'trap \"echo got-usr1\" USR1; echo trap-set; while :; do sleep 0.05; done'",
            "startsecs=0",
            "stdout_logfile=%(here)s/trap.out",
            "",
            "[program:fails]",
            "command=/bin/sh -c 'exit 3'",
            "autostart=false",
            "startsecs=1",
            "startretries=0",
            "",
            "[program:missing]",
            "command=/nonexistent/program",
            "autostart=false",
            "",
            "[program:quiet]",
            "command=/bin/sleep 1000",
            "autostart=false",
            "startsecs=0",
            "stdout_logfile=NONE",
            "stderr_logfile=NONE",
            "",
            "[program:a]",
            "command=/bin/sleep 1000",
            "startsecs=0",
            "priority=10",
            "",
            "[program:b]",
            "command=/bin/sleep 1000",
            "startsecs=0",
            "autostart=false",
            "priority=20",
            "",
            "[group:grp]",
            "programs=a,b",
            "");

    @TempDir
    Path dir;
    RealEngine e;

    @BeforeEach
    void start() throws Exception {
        e = new RealEngine(dir, PROGRAMS);
        e.awaitState("cat", ProcessState.RUNNING, 10);
        e.awaitState("trap", ProcessState.RUNNING, 10);
        e.awaitState("grp:a", ProcessState.RUNNING, 10);
    }

    @AfterEach
    void stop() throws Exception {
        e.close();
    }

    @Test
    void everyReferenceMethodIsThereWithItsSignature() {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        // system.methodSignature of the reference 4.2.5, one signature each
        String[] table = {
            "addProcessGroup boolean string", "clearAllProcessLogs array", "clearLog boolean",
            "clearProcessLog boolean string", "clearProcessLogs boolean string", "getAPIVersion string",
            "getAllConfigInfo array", "getAllProcessInfo array", "getIdentification string", "getPID int",
            "getProcessInfo struct string", "getState struct", "getSupervisorVersion string", "getVersion string",
            "readLog string int int", "readMainLog string int int", "readProcessLog string string int int",
            "readProcessStderrLog string string int int", "readProcessStdoutLog string string int int",
            "reloadConfig array", "removeProcessGroup boolean string", "restart boolean",
            "sendProcessStdin boolean string string", "sendRemoteCommEvent boolean string string",
            "shutdown boolean", "signalAllProcesses array string", "signalProcess boolean string string",
            "signalProcessGroup array string string", "startAllProcesses array boolean",
            "startProcess boolean string boolean", "startProcessGroup array string boolean",
            "stopAllProcesses array boolean", "stopProcess boolean string boolean",
            "stopProcessGroup array string boolean", "tailProcessLog array string int int",
            "tailProcessStderrLog array string int int", "tailProcessStdoutLog array string int int",
        };
        for (String row : table) {
            String[] f = row.split(" ");
            expected.put(f[0], List.of(f).subList(1, f.length));
        }
        Set<String> names = new TreeSet<>();
        for (RpcMethod m : e.ns.methods()) {
            names.add(m.name());
            assertEquals(List.of(expected.get(m.name())), m.signatures(), m.name());
            assertFalse(m.help().isBlank(), m.name());
        }
        assertEquals(new TreeSet<>(expected.keySet()), names);
    }

    @Test
    void versionsIdentityStatePid() {
        assertEquals("3.0", e.call("getAPIVersion"));
        assertEquals("3.0", e.call("getVersion"));
        assertEquals("4.2.5", e.call("getSupervisorVersion"));
        assertEquals("supervisor", e.call("getIdentification"));
        assertEquals(Map.of("statecode", 1, "statename", "RUNNING"), e.call("getState"));
        assertEquals((int) ProcessHandle.current().pid(), e.call("getPID"));
        e.assertFault(Fault.INCORRECT_PARAMETERS, "INCORRECT_PARAMETERS", "getState", 1);
        e.assertFault(Fault.INCORRECT_PARAMETERS, "INCORRECT_PARAMETERS", "getAPIVersion", "x");
    }

    @Test
    void getProcessInfoKeysTypesAndFaults() {
        Map<String, Object> info = e.info("cat");
        assertEquals(List.of("name", "group", "start", "stop", "now", "state", "statename", "spawnerr",
                "exitstatus", "logfile", "stdout_logfile", "stderr_logfile", "pid", "description"),
                new ArrayList<>(info.keySet()));
        assertEquals("cat", info.get("name"));
        assertEquals("cat", info.get("group"));
        assertEquals(20, info.get("state"));
        assertEquals("RUNNING", info.get("statename"));
        assertEquals("", info.get("spawnerr"));
        assertEquals(0, info.get("exitstatus"));
        assertEquals(dir.resolve("cat.out").toString(), info.get("logfile"));
        assertEquals(dir.resolve("cat.out").toString(), info.get("stdout_logfile"));
        assertEquals(dir.resolve("cat.err").toString(), info.get("stderr_logfile"));
        assertInstanceOf(Integer.class, info.get("start"));
        assertInstanceOf(Integer.class, info.get("now"));
        assertEquals(0, info.get("stop"));
        int pid = (Integer) info.get("pid");
        assertTrue(pid > 0);
        assertTrue(((String) info.get("description")).startsWith("pid " + pid + ", uptime 0:00:0"), info.toString());
        for (Object v : info.values()) {
            assertTrue(v instanceof Integer || v instanceof String, info.toString());
        }
        assertEquals(e.info("cat"), withNow(e.info("cat:cat"), e.info("cat").get("now")));
        Map<String, Object> never = e.info("slow");
        assertEquals("STOPPED", never.get("statename"));
        assertEquals("Not started", never.get("description"));
        assertEquals(0, never.get("pid"));
        assertEquals("a", e.info("grp:a").get("name"));
        assertEquals("grp", e.info("grp:a").get("group"));

        e.assertFault(Fault.BAD_NAME, "BAD_NAME: nope", "getProcessInfo", "nope");
        e.assertFault(Fault.BAD_NAME, "BAD_NAME: grp:*", "getProcessInfo", "grp:*");
        e.assertFault(Fault.BAD_NAME, "BAD_NAME: grp", "getProcessInfo", "grp");
        e.assertFault(Fault.BAD_NAME, "BAD_NAME: grp:zz", "getProcessInfo", "grp:zz");
        e.assertFault(Fault.INCORRECT_PARAMETERS, null, "getProcessInfo");
        // str.split on an int: AttributeError in the reference, an HTTP 500
        e.assertCrash("getProcessInfo", 5);
        // base64 arrives there as a str
        assertEquals("cat", e.info("cat").get("name"));
        assertEquals("cat", ((Map<?, ?>) e.call("getProcessInfo", "cat".getBytes(StandardCharsets.UTF_8))).get("name"));
    }

    private static Map<String, Object> withNow(Map<String, Object> info, Object now) {
        Map<String, Object> copy = new LinkedHashMap<>(info);
        copy.put("now", now);
        copy.put("description", info.get("description"));
        return copy;
    }

    @Test
    void getAllProcessInfoIsLexical() {
        List<?> all = (List<?>) e.call("getAllProcessInfo");
        List<String> names = new ArrayList<>();
        for (Object o : all) {
            Map<?, ?> m = (Map<?, ?>) o;
            names.add(m.get("group") + ":" + m.get("name"));
            assertEquals(14, m.size());
        }
        assertEquals(List.of("cat:cat", "fails:fails", "grp:a", "grp:b", "missing:missing", "quiet:quiet",
                "slow:slow", "trap:trap"), names);
    }

    @Test
    void getAllConfigInfoHasTheReferenceKeysAndTypes() {
        List<?> all = (List<?>) e.call("getAllConfigInfo");
        assertEquals(8, all.size());
        List<String> names = new ArrayList<>();
        Map<String, Map<?, ?>> byName = new LinkedHashMap<>();
        for (Object o : all) {
            Map<?, ?> m = (Map<?, ?>) o;
            names.add((String) m.get("name"));
            byName.put((String) m.get("name"), m);
        }
        assertEquals(List.of("a", "b", "cat", "fails", "missing", "quiet", "slow", "trap"), names);
        Map<?, ?> cat = byName.get("cat");
        assertEquals(new TreeSet<>(List.of("autostart", "directory", "uid", "command", "exitcodes", "group",
                "group_prio", "inuse", "killasgroup", "name", "process_prio", "redirect_stderr", "startretries",
                "startsecs", "stdout_capture_maxbytes", "stdout_events_enabled", "stdout_logfile",
                "stdout_logfile_backups", "stdout_logfile_maxbytes", "stdout_syslog", "stopsignal", "stopwaitsecs",
                "stderr_capture_maxbytes", "stderr_events_enabled", "stderr_logfile", "stderr_logfile_backups",
                "stderr_logfile_maxbytes", "stderr_syslog", "serverurl")), new TreeSet<>(castKeys(cat)));
        assertEquals(true, cat.get("autostart"));
        assertEquals("none", cat.get("directory"));
        assertEquals("none", cat.get("uid"));
        assertEquals("/bin/cat", cat.get("command"));
        assertEquals(List.of(0), cat.get("exitcodes"));
        assertEquals(999, cat.get("group_prio"));
        assertEquals(999, cat.get("process_prio"));
        assertEquals(true, cat.get("inuse"));
        assertEquals(15, cat.get("stopsignal"));
        assertEquals(10, cat.get("stopwaitsecs"));
        assertEquals(52428800, cat.get("stdout_logfile_maxbytes"));
        assertEquals(10, cat.get("stdout_logfile_backups"));
        assertEquals(0, cat.get("stdout_capture_maxbytes"));
        assertEquals(false, cat.get("stdout_syslog"));
        assertEquals(dir.resolve("cat.out").toString(), cat.get("stdout_logfile"));
        assertEquals("none", cat.get("serverurl"));
        assertEquals(3, cat.get("startretries"));
        assertEquals(0, cat.get("startsecs"));
        assertEquals("grp", byName.get("a").get("group"));
        assertEquals(10, byName.get("a").get("process_prio"));
        assertEquals("none", byName.get("quiet").get("stdout_logfile"));
        // an AUTO log of a group in use shows the file it was given
        String slowOut = (String) byName.get("slow").get("stdout_logfile");
        assertTrue(slowOut.startsWith(dir.toString() + "/slow-stdout---supervisor-"), slowOut);
        for (Object o : all) {
            for (Object v : ((Map<?, ?>) o).values()) {
                assertTrue(v instanceof Integer || v instanceof String || v instanceof Boolean || v instanceof List, o.toString());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Set<String> castKeys(Map<?, ?> m) {
        return (Set<String>) m.keySet();
    }

    @Test
    void startWithWaitIsDeferredUntilRunning() throws Exception {
        long t0 = System.nanoTime();
        CompletionStage<Object> stage = e.invoke("startProcess", "slow");
        assertFalse(stage.toCompletableFuture().isDone(), "startsecs=1: the answer waits");
        assertEquals(Boolean.TRUE, stage.toCompletableFuture().get());
        assertTrue(System.nanoTime() - t0 > 900_000_000L);
        assertEquals("RUNNING", e.state("slow"));
        e.assertFault(Fault.ALREADY_STARTED, "ALREADY_STARTED: slow", "startProcess", "slow");
        e.assertFault(Fault.ALREADY_STARTED, "ALREADY_STARTED: slow:slow", "startProcess", "slow:slow");
        e.assertFault(Fault.NOT_RUNNING, "NOT_RUNNING: quiet:quiet", "stopProcess", "quiet:quiet");
        e.assertFault(Fault.NOT_RUNNING, "NOT_RUNNING: quiet:quiet", "sendProcessStdin", "quiet:quiet", "x");
        assertEquals(Boolean.TRUE, e.call("stopProcess", "slow"));
        assertEquals("STOPPED", e.state("slow"));
        e.assertFault(Fault.NOT_RUNNING, "NOT_RUNNING: slow", "stopProcess", "slow");
    }

    @Test
    void startWithoutWaitAnswersAtOnce() throws Exception {
        assertEquals(Boolean.TRUE, e.call("startProcess", "slow", false));
        assertEquals("STARTING", e.state("slow"));
        e.awaitState("slow", ProcessState.RUNNING, 10);
        // Python truthiness for wait: 0 and "" are false
        assertEquals(Boolean.TRUE, e.call("stopProcess", "slow", 0));
        e.awaitState("slow", ProcessState.STOPPED, 15);
        assertEquals(Boolean.TRUE, e.call("startProcess", "slow", ""));
        assertEquals("STARTING", e.state("slow"));
    }

    @Test
    void startFaults() {
        e.assertFault(Fault.BAD_NAME, "BAD_NAME: nope", "startProcess", "nope");
        e.assertFault(Fault.BAD_NAME, "BAD_NAME: nope:*", "startProcess", "nope:*");
        e.assertFault(Fault.BAD_NAME, "BAD_NAME: grp", "startProcess", "grp");
        e.assertFault(Fault.NO_FILE, null, "startProcess", "missing");
        e.assertFault(Fault.SPAWN_ERROR, "SPAWN_ERROR: fails", "startProcess", "fails");
        e.assertFault(Fault.INCORRECT_PARAMETERS, "INCORRECT_PARAMETERS", "startProcess");
        e.assertFault(Fault.INCORRECT_PARAMETERS, "INCORRECT_PARAMETERS", "startProcess", "cat", true, 1);
        e.assertCrash("startProcess", List.of("cat"));
        e.assertFault(Fault.BAD_NAME, "BAD_NAME: 5", "startProcessGroup", 5);
        e.assertFault(Fault.BAD_NAME, "BAD_NAME: True", "startProcessGroup", true);
        e.assertFault(Fault.INCORRECT_PARAMETERS, "INCORRECT_PARAMETERS", "startProcessGroup", List.of("grp"));
        e.assertFault(Fault.BAD_NAME, "BAD_NAME: cat:cat", "startProcessGroup", "cat:cat");
    }

    @Test
    void groupForms() throws Exception {
        assertEquals(list(result("b", "grp", Fault.SUCCESS, "OK")), e.call("startProcess", "grp:*"));
        assertEquals("RUNNING", e.state("grp:b"));
        // Deferred stops answer in the order they complete, as in the reference.
        assertEquals(java.util.Set.of(result("a", "grp", Fault.SUCCESS, "OK"), result("b", "grp", Fault.SUCCESS, "OK")),
                java.util.Set.copyOf((List<?>) e.call("stopProcess", "grp:")));
        assertEquals("STOPPED", e.state("grp:a"));
        assertEquals(list(result("a", "grp", Fault.SUCCESS, "OK"), result("b", "grp", Fault.SUCCESS, "OK")),
                e.call("startProcessGroup", "grp"));
        assertEquals(list(), e.call("startProcessGroup", "grp", true));
        // Deferred stops answer in the order they complete, as in the reference.
        assertEquals(java.util.Set.of(result("a", "grp", Fault.SUCCESS, "OK"), result("b", "grp", Fault.SUCCESS, "OK")),
                java.util.Set.copyOf((List<?>) e.call("stopProcessGroup", "grp")));
        assertEquals(list(), e.call("stopProcessGroup", "grp", false));
        e.assertFault(Fault.BAD_NAME, "BAD_NAME: nope", "stopProcessGroup", "nope");
        e.assertFault(Fault.BAD_NAME, "BAD_NAME: nope:*", "stopProcess", "nope:*");
    }

    @Test
    void startAndStopAll() throws Exception {
        List<?> started = (List<?>) e.call("startAllProcesses");
        Map<String, Object> byName = new LinkedHashMap<>();
        for (Object o : started) {
            Map<?, ?> m = (Map<?, ?>) o;
            byName.put((String) m.get("name"), m.get("description"));
            assertEquals(List.of("name", "group", "status", "description"), new ArrayList<>(castKeys(m)));
        }
        assertEquals("OK", byName.get("slow"));
        assertEquals("OK", byName.get("b"));
        assertEquals("OK", byName.get("quiet"));
        assertEquals("SPAWN_ERROR: fails", byName.get("fails"));
        assertTrue(((String) byName.get("missing")).startsWith("NO_FILE: "), byName.toString());
        assertFalse(byName.containsKey("cat"), "running processes are not started again");
        List<?> stopped = (List<?>) e.call("stopAllProcesses", true);
        assertEquals(6, stopped.size(), stopped.toString());
        for (Object o : stopped) {
            assertEquals(Fault.SUCCESS.code(), ((Map<?, ?>) o).get("status"), o.toString());
        }
        assertEquals("STOPPED", e.state("cat"));
        assertEquals(list(), e.call("stopAllProcesses"));
    }

    @Test
    void signals() throws Exception {
        // startsecs=0 makes the shell RUNNING before it has set its trap; a USR1 sent
        // earlier would kill it, so wait until it says the trap is in place.
        RealEngine.await(() -> readQuietly(dir.resolve("trap.out")).contains("trap-set"), 10,
                () -> "the trap was never set");
        // one at a time: the shell does not queue a signal that is already pending
        Object[] forms = {"USR1", "SIGUSR1", 10, "usr1", " 10 "};
        for (int i = 0; i < forms.length; i++) {
            assertEquals(Boolean.TRUE, e.call("signalProcess", i % 2 == 0 ? "trap" : "trap:trap", forms[i]));
            int fired = i + 1;
            RealEngine.await(() -> readQuietly(dir.resolve("trap.out")).split("got-usr1", -1).length > fired, 10,
                    () -> "the trap did not fire for " + forms[fired - 1]);
        }
        e.assertFault(Fault.BAD_SIGNAL, "BAD_SIGNAL: FOO", "signalProcess", "trap", "FOO");
        e.assertFault(Fault.NOT_RUNNING, "NOT_RUNNING: slow", "signalProcess", "slow", "HUP");
        e.assertFault(Fault.BAD_NAME, "BAD_NAME: nope", "signalProcess", "nope", "HUP");
        e.assertCrash("signalProcess", "trap", List.of());
        e.assertFault(Fault.BAD_NAME, "BAD_NAME: nope", "signalProcess", "nope", List.of());
        // a group: only processes that can take a signal are in the answer
        assertEquals(list(result("a", "grp", Fault.SUCCESS, "OK")), e.call("signalProcess", "grp:*", "CONT"));
        assertEquals(list(result("a", "grp", Fault.SUCCESS, "OK")), e.call("signalProcessGroup", "grp", "CONT"));
        e.assertFault(Fault.BAD_NAME, "BAD_NAME: nope", "signalProcessGroup", "nope", "HUP");
        e.assertFault(Fault.BAD_NAME, "BAD_NAME: nope:*", "signalProcess", "nope:*", "HUP");
        e.assertFault(Fault.INCORRECT_PARAMETERS, null, "signalProcessGroup", Map.of(), "HUP");
        List<?> all = (List<?>) e.call("signalAllProcesses", "CONT");
        assertEquals(3, all.size(), all.toString());
        e.assertCrash("signalAllProcesses", Map.of("a", 1));
        e.assertCrash("signalProcessGroup", "grp", new Date());
        assertEquals(Boolean.TRUE, e.call("stopProcess", "grp:a"));
        // nothing in the group can take a signal: the reference never looks at the value
        assertEquals(list(), e.call("signalProcessGroup", "grp", List.of()));
    }

    @Test
    void stdin() throws Exception {
        assertEquals(Boolean.TRUE, e.call("sendProcessStdin", "cat", "hello é\n"));
        assertEquals(Boolean.TRUE, e.call("sendProcessStdin", "cat:cat", "bytes\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Boolean.TRUE, e.call("sendProcessStdin", "cat", ""));
        RealEngine.await(() -> readQuietly(dir.resolve("cat.out")).equals("hello é\nbytes\n"), 10,
                () -> "cat echoed " + readQuietly(dir.resolve("cat.out")));
        e.assertFault(Fault.INCORRECT_PARAMETERS, "INCORRECT_PARAMETERS: 5", "sendProcessStdin", "cat", 5);
        e.assertFault(Fault.INCORRECT_PARAMETERS, "INCORRECT_PARAMETERS: ['a', 1]", "sendProcessStdin", "cat", List.of("a", 1));
        // the chars are checked before the name
        e.assertFault(Fault.INCORRECT_PARAMETERS, "INCORRECT_PARAMETERS: 1.5", "sendProcessStdin", "nope", 1.5);
        e.assertFault(Fault.BAD_NAME, "BAD_NAME: nope", "sendProcessStdin", "nope", "x");
        e.assertFault(Fault.BAD_NAME, "BAD_NAME: grp:*", "sendProcessStdin", "grp:*", "x");
        e.assertFault(Fault.NOT_RUNNING, "NOT_RUNNING: slow", "sendProcessStdin", "slow", "x");
    }

    static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException x) {
            return "";
        }
    }

    @Test
    void processLogs() throws Exception {
        assertEquals(Boolean.TRUE, e.call("startProcess", "slow"));
        String out = e.info("slow").get("stdout_logfile").toString();
        RealEngine.await(() -> readQuietly(Path.of(out)).equals("out\n"), 10, () -> "no output");
        String err = e.info("slow").get("stderr_logfile").toString();
        RealEngine.await(() -> readQuietly(Path.of(err)).equals("err\n"), 10, () -> "no stderr");
        assertEquals("out\n", e.call("readProcessStdoutLog", "slow", 0, 0));
        assertEquals("out\n", e.call("readProcessLog", "slow", 0, 0));
        assertEquals("ut", e.call("readProcessLog", "slow", 1, 2));
        assertEquals("t\n", e.call("readProcessLog", "slow", -2, 0));
        assertEquals("out\n", e.call("readProcessLog", "slow", -100, 0));
        assertEquals("", e.call("readProcessLog", "slow", 100, 0));
        assertEquals("err\n", e.call("readProcessStderrLog", "slow", 0, 0));
        // Python's int(): strings, bools and floats are taken
        assertEquals("ut", e.call("readProcessLog", "slow", " 1 ", 2.9));
        assertEquals("u", e.call("readProcessLog", "slow", true, true));
        e.assertFault(Fault.BAD_ARGUMENTS, "BAD_ARGUMENTS", "readProcessLog", "slow", -1, 1);
        e.assertFault(Fault.BAD_ARGUMENTS, "BAD_ARGUMENTS", "readProcessLog", "slow", 0, -1);
        e.assertFault(Fault.INCORRECT_PARAMETERS, "INCORRECT_PARAMETERS", "readProcessLog", "slow", List.of(), 0);
        // the reference answers these with an HTTP 500 (ValueError, OverflowError); we with a fault
        e.assertFault(Fault.BAD_ARGUMENTS, null, "readProcessLog", "slow", "abc", 0);
        e.assertFault(Fault.BAD_ARGUMENTS, null, "readProcessLog", "slow", Double.NaN, 0);
        e.assertFault(Fault.BAD_ARGUMENTS, null, "tailProcessLog", "slow", 0, Double.POSITIVE_INFINITY);
        e.assertFault(Fault.BAD_NAME, "BAD_NAME: nope", "readProcessLog", "nope", 0, 0);
        e.assertFault(Fault.BAD_NAME, "BAD_NAME: grp:*", "readProcessLog", "grp:*", 0, 0);
        e.assertFault(Fault.NO_FILE, "NO_FILE", "readProcessLog", "quiet", 0, 0);
        e.assertFault(Fault.NO_FILE, "NO_FILE", "readProcessStderrLog", "quiet", 0, 0);
        Files.delete(dir.resolve("cat.err"));
        e.assertFault(Fault.NO_FILE, "NO_FILE: " + dir.resolve("cat.err"), "readProcessStderrLog", "cat", 0, 0);

        assertEquals(list("out\n", 4, false), e.call("tailProcessStdoutLog", "slow", 0, 100));
        assertEquals(list("out\n", 4, false), e.call("tailProcessLog", "slow", 0, 100));
        assertEquals(list("t\n", 4, true), e.call("tailProcessLog", "slow", 0, 2));
        assertEquals(list("", 4, false), e.call("tailProcessLog", "slow", 4, 100));
        assertEquals(list("err\n", 4, false), e.call("tailProcessStderrLog", "slow", 0, 100));
        // no log: an empty answer, not a fault (the offset and length are never looked at)
        assertEquals(list("", 0, false), e.call("tailProcessLog", "quiet", List.of(), Map.of()));
        assertEquals(list("", 0, false), e.call("tailProcessStderrLog", "cat", 0, 10));
        e.assertFault(Fault.INCORRECT_PARAMETERS, "INCORRECT_PARAMETERS", "tailProcessLog", "slow", 0, List.of());
        e.assertFault(Fault.BAD_NAME, "BAD_NAME: nope", "tailProcessLog", "nope", 0, 1);
        e.assertFault(Fault.INCORRECT_PARAMETERS, "INCORRECT_PARAMETERS", "tailProcessLog", "slow", 0);

        assertEquals(Boolean.TRUE, e.call("clearProcessLogs", "slow"));
        assertEquals("", e.call("readProcessLog", "slow", 0, 0));
        assertEquals("", e.call("readProcessStderrLog", "slow", 0, 0));
        assertEquals(Boolean.TRUE, e.call("clearProcessLog", "cat"));
        e.assertFault(Fault.BAD_NAME, "BAD_NAME: nope", "clearProcessLogs", "nope");
        e.assertFault(Fault.BAD_NAME, "BAD_NAME: grp:*", "clearProcessLog", "grp:*");
        List<?> cleared = (List<?>) e.call("clearAllProcessLogs");
        assertEquals(8, cleared.size());
        for (Object o : cleared) {
            assertEquals("OK", ((Map<?, ?>) o).get("description"), o.toString());
        }
    }

    @Test
    void mainLog() throws Exception {
        String all = (String) e.call("readLog", 0, 0);
        assertTrue(all.contains("spawned: 'cat'"), all);
        assertEquals(all, e.call("readMainLog", 0, 0));
        String last = (String) e.call("readLog", -10, 0);
        assertEquals(all.substring(all.length() - 10), last);
        assertEquals(all.substring(3, 8), e.call("readLog", 3, 5));
        e.assertFault(Fault.BAD_ARGUMENTS, "BAD_ARGUMENTS", "readLog", -10, 5);
        e.assertFault(Fault.INCORRECT_PARAMETERS, "INCORRECT_PARAMETERS", "readLog", Map.of(), 0);
        e.assertFault(Fault.INCORRECT_PARAMETERS, "INCORRECT_PARAMETERS", "readLog", 0);
        e.assertFault(Fault.BAD_ARGUMENTS, null, "readLog", "zero", 0);
        e.assertFault(Fault.BAD_ARGUMENTS,
                "BAD_ARGUMENTS: OverflowError: cannot convert float infinity to integer",
                "readLog", Double.POSITIVE_INFINITY, 10);
        assertEquals(Boolean.TRUE, e.call("clearLog"));
        // as in the reference, "reopening log file" goes to the old (removed) file
        assertTrue(Files.exists(e.activityLog));
        assertFalse(readQuietly(e.activityLog).contains("spawned: 'cat'"));
        assertEquals(Boolean.TRUE, e.call("stopProcess", "cat"));
        RealEngine.await(() -> ((String) e.call("readLog", 0, 0)).contains("stopped: cat"), 10, () -> "no new lines");
        Files.delete(e.activityLog);
        e.assertFault(Fault.NO_FILE, null, "readLog", 0, 0);
    }

    @Test
    void reloadAddRemove() throws Exception {
        assertEquals(list(list(list(), list(), list())), e.call("reloadConfig"));
        String programs = PROGRAMS.replace("[program:fails]", "[program:fresh]\ncommand=/bin/sleep 1000\nstartsecs=0\n\n[program:fails]")
                .replace("command=/bin/cat", "command=/bin/cat -u")
                .replace("[program:quiet]\ncommand=/bin/sleep 1000", "[program:quiet_gone]\ncommand=/bin/sleep 1000");
        e.rewritePrograms(programs);
        assertEquals(list(list(list("fresh", "quiet_gone"), list("cat"), list("quiet"))), e.call("reloadConfig"));
        e.assertFault(Fault.BAD_NAME, "BAD_NAME: nope", "addProcessGroup", "nope");
        e.assertFault(Fault.BAD_NAME, "BAD_NAME: ['fresh']", "addProcessGroup", List.of("fresh"));
        assertEquals(Boolean.TRUE, e.call("addProcessGroup", "fresh"));
        e.assertFault(Fault.ALREADY_ADDED, "ALREADY_ADDED: fresh", "addProcessGroup", "fresh");
        e.awaitState("fresh", ProcessState.RUNNING, 10);
        e.assertFault(Fault.STILL_RUNNING, "STILL_RUNNING: fresh", "removeProcessGroup", "fresh");
        e.assertFault(Fault.BAD_NAME, "BAD_NAME: nope", "removeProcessGroup", "nope");
        e.assertFault(Fault.INCORRECT_PARAMETERS, "INCORRECT_PARAMETERS", "removeProcessGroup", List.of("x"));
        assertEquals(Boolean.TRUE, e.call("removeProcessGroup", "quiet"));
        e.assertFault(Fault.BAD_NAME, "BAD_NAME: quiet", "getProcessInfo", "quiet");
        assertEquals(Boolean.TRUE, e.call("stopProcess", "fresh"));
        assertEquals(Boolean.TRUE, e.call("removeProcessGroup", "fresh"));
        e.rewritePrograms("[program:broken]\nautostart=false\n");
        Object o = e.outcome("reloadConfig");
        assertInstanceOf(io.jsupervisor.api.process.SupervisorException.class, o);
        assertEquals(Fault.CANT_REREAD, ((io.jsupervisor.api.process.SupervisorException) o).fault());
    }

    @Test
    void remoteCommEventIsAccepted() {
        assertEquals(Boolean.TRUE, e.call("sendRemoteCommEvent", "type", "data"));
        assertEquals(Boolean.TRUE, e.call("sendRemoteCommEvent", 1, List.of()));
        e.assertFault(Fault.INCORRECT_PARAMETERS, null, "sendRemoteCommEvent", "type");
    }

    /** system.multicall runs its calls one after the other, a fault becoming that call's answer. */
    @Test
    void multicallStyleSequence() throws Exception {
        Object[][] calls = {
            {"stopProcess", "cat"},
            {"getProcessInfo", "cat"},
            {"startProcess", "nope"},
            {"startProcess", "cat"},
            {"readProcessLog", "cat", 0, 0},
            {"getState"},
        };
        List<Object> answers = new ArrayList<>();
        for (Object[] c : calls) {
            Object[] params = java.util.Arrays.copyOfRange(c, 1, c.length);
            Object o = e.outcome((String) c[0], params);
            if (o instanceof io.jsupervisor.api.process.SupervisorException) {
                io.jsupervisor.api.process.SupervisorException f = (io.jsupervisor.api.process.SupervisorException) o;
                o = Map.of("faultCode", f.fault().code(), "faultString", f.getMessage());
            }
            answers.add(o);
        }
        assertEquals(Boolean.TRUE, answers.get(0));
        assertEquals("STOPPED", ((Map<?, ?>) answers.get(1)).get("statename"));
        assertNotEquals("Not started", ((Map<?, ?>) answers.get(1)).get("description"));
        assertEquals(Map.of("faultCode", 10, "faultString", "BAD_NAME: nope"), answers.get(2));
        assertEquals(Boolean.TRUE, answers.get(3));
        assertEquals("", answers.get(4));
        assertEquals(Map.of("statecode", 1, "statename", "RUNNING"), answers.get(5));
    }

    @Test
    void concurrentDeferredCallsDoNotBlockEachOther() throws Exception {
        CompletableFuture<Object> slow = e.invoke("startProcess", "slow").toCompletableFuture();
        long t0 = System.nanoTime();
        assertEquals("3.0", e.call("getAPIVersion"));
        assertEquals("RUNNING", e.state("cat"));
        assertTrue(System.nanoTime() - t0 < 500_000_000L, "other calls answered while a start waits");
        assertFalse(slow.isDone());
        assertEquals(Boolean.TRUE, slow.get());
    }

    @Test
    void shutdownRefusesEverythingAfterwards() throws Exception {
        assertEquals(Boolean.TRUE, e.call("shutdown"));
        RealEngine.await(() -> e.engine.state().code() < 1, 10, () -> "never shut down");
        e.assertFault(Fault.SHUTDOWN_STATE, "SHUTDOWN_STATE", "getAPIVersion");
        e.assertFault(Fault.SHUTDOWN_STATE, "SHUTDOWN_STATE", "getState");
        e.assertFault(Fault.SHUTDOWN_STATE, "SHUTDOWN_STATE", "startProcess", "cat");
        e.assertFault(Fault.SHUTDOWN_STATE, "SHUTDOWN_STATE", "signalAllProcesses", "HUP");
        e.assertFault(Fault.SHUTDOWN_STATE, "SHUTDOWN_STATE", "readLog", List.of(), 0);
        // argument counts are checked first, and signalProcessGroup looks its group up first
        e.assertFault(Fault.INCORRECT_PARAMETERS, "INCORRECT_PARAMETERS", "getState", 1);
        e.assertFault(Fault.INCORRECT_PARAMETERS, "INCORRECT_PARAMETERS", "signalProcessGroup", List.of(), "HUP");
        // sendRemoteCommEvent has no state check in the reference
        assertEquals(Boolean.TRUE, e.call("sendRemoteCommEvent", "t", "d"));
        assertEquals(io.jsupervisor.api.process.SupervisorState.SHUTDOWN,
                e.engine.termination().toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS));
    }

    @Test
    void restartMood() throws Exception {
        assertEquals(Boolean.TRUE, e.call("restart"));
        RealEngine.await(() -> e.engine.state().code() < 1, 10, () -> "never restarting");
        e.assertFault(Fault.SHUTDOWN_STATE, "SHUTDOWN_STATE", "getPID");
        assertEquals(io.jsupervisor.api.process.SupervisorState.RESTARTING,
                e.engine.termination().toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS));
    }

    @Test
    void factoryRefusesOptions() {
        IllegalArgumentException x = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new SupervisorRpcInterfaceFactory().create(e.engine, Map.of("retries", "1")));
        assertEquals("make_main_rpcinterface() got an unexpected keyword argument 'retries'", x.getMessage());
    }
}
