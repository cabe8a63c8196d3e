package io.jsupervisor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsupervisor.api.config.ConfigException;
import io.jsupervisor.api.config.LogStreamConfig;
import io.jsupervisor.api.config.LogStreamConfig.Target;
import io.jsupervisor.api.config.ProcessConfig;
import io.jsupervisor.api.config.SupervisorConfig;
import io.jsupervisor.api.config.SupervisordSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jsupervisor's {@code [supervisord] container_mode} and a program's {@code critical}. */
class ContainerModeOptionsTest {
    @TempDir
    Path dir;

    private final ConfigReader reader = new ConfigReader(ConfigEnvironment.system());

    private SupervisorConfig read(String text, Map<String, String> overrides) throws IOException, ConfigException {
        Path conf = Files.writeString(dir.resolve("supervisord.conf"), text);
        return reader.read(conf, overrides);
    }

    private SupervisorConfig read(String text) throws IOException, ConfigException {
        return read(text, Map.of());
    }

    private static ProcessConfig process(SupervisorConfig c, String name) {
        return c.groups().stream().flatMap(g -> g.processes().stream()).filter(p -> p.name().equals(name))
                .findFirst().orElseThrow();
    }

    @Test
    void withoutItEverythingIsTheReferencesDefault() throws Exception {
        SupervisorConfig c = read("[supervisord]\n[program:web]\ncommand=sleep 1\n");
        SupervisordSettings sd = c.supervisord();
        assertFalse(sd.containerMode());
        assertFalse(sd.nodaemon());
        assertTrue(sd.logfile().endsWith("/supervisord.log"), sd.logfile());
        assertEquals(50 * 1024 * 1024, sd.logfileMaxbytes());
        ProcessConfig web = process(c, "web");
        assertEquals(Target.AUTO, web.stdout().target());
        assertEquals(50 * 1024 * 1024, web.stdout().maxbytes());
        assertNull(web.stdout().linePrefix());
        assertNull(web.critical());
    }

    @Test
    void containerModeSendsTheLogToStderrAndEachProgramsOutputToTheDaemonsStreams() throws Exception {
        SupervisorConfig c = read("[supervisord]\ncontainer_mode = true\n"
                + "[program:web]\ncommand=sleep 1\n"
                + "[program:own]\ncommand=sleep 1\nstdout_logfile=" + dir.resolve("own.log") + "\n"
                + "stderr_line_prefix=\"[%(stream)s] \"\n"
                + "[program:joined]\ncommand=sleep 1\nredirect_stderr=true\n");
        SupervisordSettings sd = c.supervisord();
        assertTrue(sd.containerMode());
        assertTrue(sd.nodaemon(), "container mode stays in the foreground");
        assertEquals("/dev/stderr", sd.logfile());
        assertEquals(0, sd.logfileMaxbytes(), "no rotation of a pipe");

        ProcessConfig web = process(c, "web");
        assertStream(web.stdout(), "/dev/stdout", "web | ");
        assertStream(web.stderr(), "/dev/stderr", "web | ");

        ProcessConfig own = process(c, "own");
        assertEquals(dir.resolve("own.log").toString(), own.stdout().path());
        assertEquals(50 * 1024 * 1024, own.stdout().maxbytes(), "a file of its own rotates as before");
        assertNull(own.stdout().linePrefix(), "a program with its own logfile gets no prefix it did not ask for");
        assertStream(own.stderr(), "/dev/stderr", "[stderr] ");

        ProcessConfig joined = process(c, "joined");
        assertStream(joined.stdout(), "/dev/stdout", "joined | ");
        assertEquals(Target.NONE, joined.stderr().target());
        assertTrue(c.warnings().stream().noneMatch(w -> w.contains("redirect_stderr")), c.warnings().toString());
    }

    private static void assertStream(LogStreamConfig s, String path, String prefix) {
        assertEquals(Target.FILE, s.target());
        assertEquals(path, s.path());
        assertEquals(0, s.maxbytes());
        assertEquals(prefix, s.linePrefix());
    }

    @Test
    void theCommandLineFlagTurnsItOnAndOptionsSetInTheFileStillWin() throws Exception {
        SupervisorConfig c = read("[supervisord]\nlogfile=" + dir.resolve("d.log") + "\n[program:web]\ncommand=sleep 1\n",
                Map.of("container_mode", "true"));
        assertTrue(c.supervisord().containerMode());
        assertEquals(dir.resolve("d.log").toString(), c.supervisord().logfile());
        assertEquals("/dev/stdout", process(c, "web").stdout().path());
    }

    @Test
    void criticalTakesAnExitStatusOfOneUnlessTold() throws Exception {
        SupervisorConfig c = read("[supervisord]\n"
                + "[program:a]\ncommand=sleep 1\ncritical=true\n"
                + "[program:b]\ncommand=sleep 1\ncritical=yes\ncritical_exit_status=7\n"
                + "[program:c]\ncommand=sleep 1\ncritical=false\ncritical_exit_status=7\n");
        assertEquals(1, process(c, "a").critical());
        assertEquals(7, process(c, "b").critical());
        assertNull(process(c, "c").critical());
    }

    @Test
    void aBadCriticalValueNamesTheOption() throws Exception {
        String m = assertThrows(ConfigException.class, () -> read("[supervisord]\n"
                + "[program:a]\ncommand=sleep 1\ncritical=true\ncritical_exit_status=300\n")).getMessage();
        assertTrue(m.contains("critical_exit_status") && m.contains("300"), m);
        m = assertThrows(ConfigException.class, () -> read("[supervisord]\n"
                + "[program:a]\ncommand=sleep 1\ncritical=maybe\n")).getMessage();
        assertTrue(m.contains("critical") && m.contains("maybe"), m);
    }
}
