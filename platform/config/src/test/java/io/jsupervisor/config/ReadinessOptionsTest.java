package io.jsupervisor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jsupervisor.api.config.ConfigException;
import io.jsupervisor.api.config.ProcessConfig;
import io.jsupervisor.api.config.Readiness;
import io.jsupervisor.api.config.ReadyCheck;
import io.jsupervisor.api.config.SupervisorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jsupervisor's readiness options of [program:x] and [fcgi-program:x], as one section reads them. */
class ReadinessOptionsTest {
    @TempDir
    Path dir;

    private final ConfigReader reader = new ConfigReader(new ConfigEnvironment(Map.of("NAMES", "db cache:*"),
            Path.of("/"), "testhost", Files::isDirectory, u -> true, PyGlob::glob));

    /** [program:x] with {@code programOptions}, and groups db, cache (2 processes) and x_db to depend on. */
    private Path write(String programOptions) throws IOException {
        Path p = dir.resolve("supervisord.conf");
        Files.writeString(p, "[supervisord]\nlogfile=" + dir.resolve("s.log") + "\n"
                + "[program:db]\ncommand=/bin/true\n"
                + "[program:x_db]\ncommand=/bin/true\n"
                + "[program:cache]\ncommand=/bin/true\nnumprocs=2\nprocess_name=cache_%(process_num)02d\n"
                + "[program:x]\ncommand=/bin/true\n" + programOptions);
        return p;
    }

    private Readiness readiness(String programOptions) throws Exception {
        SupervisorConfig c = reader.read(write(programOptions), Map.of());
        return c.group("x").processes().get(0).readiness();
    }

    private ReadyCheck check(String value) throws Exception {
        return readiness("ready_check = " + value + "\n").check();
    }

    private String error(String programOptions) throws IOException {
        Path p = write(programOptions);
        return assertThrows(ConfigException.class, () -> reader.read(p, Map.of())).getMessage();
    }

    private String where() {
        return " in section 'program:x' (file: '" + dir.resolve("supervisord.conf") + "')";
    }

    @Test
    void aProgramWithoutThemGetsTheReferencesReadiness() throws Exception {
        SupervisorConfig c = reader.read(write(""), Map.of());
        for (var g : c.groups()) {
            for (ProcessConfig p : g.processes()) {
                assertEquals(Readiness.REFERENCE, p.readiness(), p.name());
            }
        }
    }

    @Test
    void everyOptionIsRead() throws Exception {
        assertEquals(new Readiness(List.of("db", "cache:cache_01"), new ReadyCheck.Tcp("localhost", 5432), 30, 0.5),
                readiness("depends_on = db, cache:cache_01\nready_check = tcp:localhost:5432\n"
                        + "ready_timeout = 30\nready_interval = .5\n"));
    }

    @Test
    void oneOptionKeepsTheOthersDefaults() throws Exception {
        assertEquals(new Readiness(List.of(), null, 0, Readiness.DEFAULT_INTERVAL), readiness("ready_timeout = 0\n"));
        assertEquals(new Readiness(List.of(), null, Readiness.DEFAULT_TIMEOUT, 2), readiness("ready_interval = 2\n"));
        assertEquals(new Readiness(List.of("db"), null, Readiness.DEFAULT_TIMEOUT, Readiness.DEFAULT_INTERVAL),
                readiness("depends_on = db\n"));
    }

    @Test
    void aChangedReadinessIsAChangedProgram() throws Exception {
        // reread/update must see the change, as for any other option
        SupervisorConfig before = reader.read(write(""), Map.of());
        SupervisorConfig after = reader.read(write("ready_check = tcp:localhost:80\n"), Map.of());
        assertNotEquals(before.group("x"), after.group("x"));
    }

    @Test
    void dependsOnTakesCommasAndWhitespaceKeepsTheOrderAndDropsRepeats() throws Exception {
        assertEquals(List.of("cache:*", "db", "cache"),
                readiness("depends_on = cache:* ,db,, db\n\tcache   cache:*\n").dependsOn());
    }

    @Test
    void dependsOnIsExpandedAsOtherOptionsAre() throws Exception {
        assertEquals(List.of("db", "cache:*", "x_db"),
                readiness("depends_on = %(ENV_NAMES)s %(program_name)s_db\n").dependsOn());
        assertEquals("[program:x] depends_on: no group or process named '" + dir + "' (file: '"
                + dir.resolve("supervisord.conf") + "')", error("depends_on = %(here)s\n"));
        assertEquals("Format string '%(nope)s' for 'program:x.depends_on' contains names ('nope') which cannot "
                + "be expanded. Available names: ENV_NAMES, group_name, here, host_node_name, program_name"
                + where(), error("depends_on = %(nope)s\n"));
    }

    @Test
    void tcpChecks() throws Exception {
        assertEquals(new ReadyCheck.Tcp("db.example.org", 5432), check("tcp:db.example.org:5432"));
        assertEquals(new ReadyCheck.Tcp("127.0.0.1", 1), check("tcp:127.0.0.1:1"));
        assertEquals(new ReadyCheck.Tcp("[::1]", 65535), check("TCP:[::1]:65535"));
        assertEquals("tcp:[::1]:65535", check("tcp:[::1]:65535").configValue());
    }

    @Test
    void httpChecks() throws Exception {
        assertEquals(new ReadyCheck.Http("http://localhost:8080/health"), check("http://localhost:8080/health"));
        assertEquals(new ReadyCheck.Http("https://[::1]/ready?full=1"), check("https://[::1]/ready?full=1"));
    }

    @Test
    void execAndLogChecks() throws Exception {
        assertEquals(new ReadyCheck.Exec("pg_isready -q -h /run/postgresql"),
                check("exec: pg_isready -q -h /run/postgresql"));
        assertEquals(new ReadyCheck.Log("listening on .*:\\d+"), check("log:listening on .*:\\d+"));
    }

    @Test
    void badChecksNameTheFormsTheOptionAndTheSection() throws IOException {
        String option = " for option 'ready_check'" + where();
        assertEquals("invalid ready check 'ping:db' (tcp:HOST:PORT, http://HOST:PORT/PATH, "
                + "https://HOST:PORT/PATH, exec:COMMAND or log:REGEX)" + option, error("ready_check = ping:db\n"));
        assertEquals("invalid ready check 'localhost:80' (tcp:HOST:PORT, http://HOST:PORT/PATH, "
                + "https://HOST:PORT/PATH, exec:COMMAND or log:REGEX)" + option, error("ready_check = localhost:80\n"));
        assertEquals("ready check 'tcp:localhost:0' has no valid port (1 to 65535)" + option,
                error("ready_check = tcp:localhost:0\n"));
        assertEquals("ready check 'tcp:localhost:65536' has no valid port (1 to 65535)" + option,
                error("ready_check = tcp:localhost:65536\n"));
        assertEquals("ready check 'tcp:localhost:http' has no valid port (1 to 65535)" + option,
                error("ready_check = tcp:localhost:http\n"));
        assertEquals("ready check 'tcp:5432' has no valid host (tcp:HOST:PORT, an IPv6 HOST in brackets)" + option,
                error("ready_check = tcp:5432\n"));
        assertEquals("ready check 'tcp:::1:80' has no valid host (tcp:HOST:PORT, an IPv6 HOST in brackets)" + option,
                error("ready_check = tcp:::1:80\n"));
        assertEquals("ready check 'tcp:[db]:80' has no valid host (tcp:HOST:PORT, an IPv6 HOST in brackets)" + option,
                error("ready_check = tcp:[db]:80\n"));
        assertEquals("ready check 'http://local host/' is not a valid URL: Illegal character in authority" + option,
                error("ready_check = http://local host/\n"));
        assertEquals("ready check 'http:///health' has no valid host" + option, error("ready_check = http:///health\n"));
        assertEquals("ready check 'https://db:70000/' has no valid port (1 to 65535)" + option,
                error("ready_check = https://db:70000/\n"));
        assertEquals("ready check 'exec:' has no command (exec:COMMAND)" + option, error("ready_check = exec:  \n"));
        assertEquals("ready check regex 'started (' does not compile: Unclosed group" + option,
                error("ready_check = log:started (\n"));
    }

    @Test
    void badTimesNameTheOptionAndTheSection() throws IOException {
        assertEquals("value '-1' is not a number of seconds (0 or more) for option 'ready_timeout'" + where(),
                error("ready_timeout = -1\n"));
        assertEquals("value 'soon' is not a number for option 'ready_timeout'" + where(),
                error("ready_timeout = soon\n"));
        assertEquals("value '0' is not a number of seconds above 0 for option 'ready_interval'" + where(),
                error("ready_interval = 0\n"));
        assertEquals("value '-2' is not a number of seconds above 0 for option 'ready_interval'" + where(),
                error("ready_interval = -2\n"));
        assertEquals("value 'nan' is not a number for option 'ready_interval'" + where(),
                error("ready_interval = nan\n"));
    }

    @Test
    void fcgiProgramsReadThemAndEventListenersIgnoreThem() throws Exception {
        Path p = dir.resolve("supervisord.conf");
        Files.writeString(p, "[supervisord]\nlogfile=" + dir.resolve("s.log") + "\n"
                + "[fcgi-program:f]\ncommand=/bin/true\nsocket=tcp://localhost:9000\nready_check=tcp:localhost:9000\n"
                + "[eventlistener:l]\ncommand=/bin/true\nevents=TICK_5\ndepends_on=nothing here\n"
                + "ready_check=nonsense\nready_interval=0\n");
        SupervisorConfig c = reader.read(p, Map.of());
        assertEquals(new ReadyCheck.Tcp("localhost", 9000), c.group("f").processes().get(0).readiness().check());
        assertEquals(Readiness.REFERENCE, c.group("l").processes().get(0).readiness());
    }
}
