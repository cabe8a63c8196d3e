package io.jsupervisor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jsupervisor.api.config.ConfigException;
import io.jsupervisor.api.config.ProcessConfig;
import io.jsupervisor.api.config.RestartPolicy;
import io.jsupervisor.api.config.RestartPolicy.Backoff;
import io.jsupervisor.api.config.SupervisorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jsupervisor's restart options of [program:x] and {@code startretries = unlimited}. */
class RestartOptionsTest {
    @TempDir
    Path dir;

    private final ConfigReader reader = new ConfigReader(ConfigEnvironment.system());

    private Path write(String programOptions) throws IOException {
        Path p = dir.resolve("supervisord.conf");
        Files.writeString(p, "[supervisord]\nlogfile=" + dir.resolve("s.log") + "\n[program:x]\ncommand=/bin/true\n"
                + programOptions);
        return p;
    }

    private ProcessConfig program(String programOptions) throws Exception {
        SupervisorConfig c = reader.read(write(programOptions), Map.of());
        return c.group("x").processes().get(0);
    }

    private String error(String programOptions) throws IOException {
        Path p = write(programOptions);
        return assertThrows(ConfigException.class, () -> reader.read(p, Map.of())).getMessage();
    }

    @Test
    void aProgramWithoutThemGetsTheReferencesPolicy() throws Exception {
        ProcessConfig p = program("");
        assertEquals(RestartPolicy.REFERENCE, p.restart());
        assertEquals(3, p.startretries());
    }

    @Test
    void everyOptionIsRead() throws Exception {
        ProcessConfig p = program("restart_delay = 0.2\nbackoff = Exponential\nbackoff_max = 2\n"
                + "backoff_jitter = 0.1\nbackoff_reset_after = 30\nstartretries = unlimited\n");
        assertEquals(new RestartPolicy(0.2, Backoff.EXPONENTIAL, 2.0, 0.1, 30.0), p.restart());
        assertEquals(ProcessConfig.UNLIMITED_RETRIES, p.startretries());
    }

    @Test
    void oneOptionKeepsTheOthersDefaults() throws Exception {
        assertEquals(new RestartPolicy(5.0, Backoff.LINEAR, null, 0, null), program("restart_delay=5\n").restart());
        assertEquals(new RestartPolicy(null, Backoff.EXPONENTIAL, null, 0, null),
                program("backoff=exponential\n").restart());
    }

    @Test
    void aChangedPolicyIsAChangedProgram() throws Exception {
        // reread/update must see the change, as for any other option
        assertNotEquals(program(""), program("restart_delay = 1\n"));
    }

    @Test
    void badValuesNameTheOptionAndTheSection() throws IOException {
        String where = " in section 'program:x' (file: '" + dir.resolve("supervisord.conf") + "')";
        assertEquals("invalid backoff 'quadratic' (linear or exponential) for option 'backoff'" + where,
                error("backoff = quadratic\n"));
        assertEquals("value '-1' is not a number of seconds (0 or more) for option 'restart_delay'" + where,
                error("restart_delay = -1\n"));
        assertEquals("value 'soon' is not a number for option 'backoff_max'" + where, error("backoff_max = soon\n"));
        assertEquals("value '1.5' is not a fraction from 0 to 1 for option 'backoff_jitter'" + where,
                error("backoff_jitter = 1.5\n"));
        assertEquals("invalid literal for int() with base 10: 'forever' for option 'startretries'" + where,
                error("startretries = forever\n"));
        // beyond a long: a config error, not a crash (found by ConfigReaderFuzzTest)
        assertEquals("value '99999999999999999999' is too large for option 'startretries'" + where,
                error("startretries = 99999999999999999999\n"));
        assertEquals("value '99999999999GB' is too large for option 'stdout_logfile_maxbytes'" + where,
                error("stdout_logfile_maxbytes = 99999999999GB\n"));
    }
}
