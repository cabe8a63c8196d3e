package io.jsupervisor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsupervisor.api.config.ConfigException;
import io.jsupervisor.api.config.ProcessConfig;
import io.jsupervisor.api.config.ResourceLimits;
import io.jsupervisor.api.config.ResourceLimits.CpuMax;
import io.jsupervisor.api.config.SupervisorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jsupervisor's cgroup options of [program:x] and [fcgi-program:x], as one section reads them. */
class ResourceLimitOptionsTest {
    private static final long MB = 1024 * 1024;

    @TempDir
    Path dir;

    private final ConfigReader reader = new ConfigReader(new ConfigEnvironment(Map.of("LIMIT", "64MB"),
            Path.of("/"), "testhost", Files::isDirectory, u -> true, PyGlob::glob));

    @Test
    void aSinglePercentSignIsTheExpansionsError() throws IOException {
        assertTrue(error("cpu_max = 50%\n")
                .startsWith("Format string '50%' for 'program:x.cpu_max' is badly formatted"));
    }

    private Path write(String programOptions) throws IOException {
        Path p = dir.resolve("supervisord.conf");
        Files.writeString(p, "[supervisord]\nlogfile=" + dir.resolve("s.log") + "\n"
                + "[program:other]\ncommand=/bin/true\n"
                + "[program:x]\ncommand=/bin/true\n" + programOptions);
        return p;
    }

    private ResourceLimits limits(String programOptions) throws Exception {
        return reader.read(write(programOptions), Map.of()).group("x").processes().get(0).limits();
    }

    private String error(String programOptions) throws IOException {
        Path p = write(programOptions);
        return assertThrows(ConfigException.class, () -> reader.read(p, Map.of())).getMessage();
    }

    private String where(String option) {
        return " for option '" + option + "' in section 'program:x' (file: '" + dir.resolve("supervisord.conf")
                + "')";
    }

    @Test
    void aProgramWithoutThemGetsNoCgroup() throws Exception {
        SupervisorConfig c = reader.read(write(""), Map.of());
        for (var g : c.groups()) {
            for (ProcessConfig p : g.processes()) {
                assertEquals(ResourceLimits.NONE, p.limits(), p.name());
                assertFalse(p.limits().cgroup());
            }
        }
    }

    @Test
    void everyOptionIsRead() throws Exception {
        assertEquals(new ResourceLimits(true, false, 20 * MB, 1024L * MB, new CpuMax(25_000, 50_000), 5L),
                limits("memory_max = 20MB\nmemory_high = 1GB\ncpu_max = 25000 50000\npids_max = 5\n"
                        + "cgroup = true\ncgroup_required = false\n"));
    }

    @Test
    void anyLimitImpliesACgroupAndRequiredIsTheDefault() throws Exception {
        ResourceLimits l = limits("pids_max = 100\n");
        assertTrue(l.cgroup());
        assertTrue(l.required());
        assertTrue(l.hasLimits());
        assertTrue(limits("memory_high = 4096\ncgroup = false\n").cgroup());
        ResourceLimits only = limits("cgroup = true\n");
        assertTrue(only.cgroup());
        assertFalse(only.hasLimits());
        assertEquals(ResourceLimits.NONE, limits("cgroup = false\ncgroup_required = true\n"));
    }

    @Test
    void maxMeansNoLimit() throws Exception {
        ResourceLimits l = limits("memory_max = max\nmemory_high = MAX\npids_max = max\ncpu_max = max 100000\n");
        assertEquals(ResourceLimits.MAX, (long) l.memoryMax());
        assertEquals(ResourceLimits.MAX, (long) l.memoryHigh());
        assertEquals(ResourceLimits.MAX, (long) l.pidsMax());
        assertEquals("max", ResourceLimits.fileValue(l.pidsMax()));
        assertEquals("max 100000", l.cpuMax().fileValue());
    }

    /** A percent sign is doubled in the file, as in every option the reader expands. */
    @Test
    void cpuPercentagesAreSharesOfTheDefaultPeriod() throws Exception {
        assertEquals(new CpuMax(50_000, 100_000), limits("cpu_max = 50%%\n").cpuMax());
        assertEquals(new CpuMax(150_000, 100_000), limits("cpu_max = 150%%\n").cpuMax());
        assertEquals(new CpuMax(2_500, 100_000), limits("cpu_max = 2.5%%\n").cpuMax());
        assertEquals("50000 100000", limits("cpu_max = 50%%\n").cpuMax().fileValue());
    }

    @Test
    void valuesAreExpandedAsOtherOptionsAre() throws Exception {
        assertEquals(64 * MB, (long) limits("memory_max = %(ENV_LIMIT)s\n").memoryMax());
    }

    @Test
    void aChangedLimitIsAChangedProgram() throws Exception {
        SupervisorConfig before = reader.read(write(""), Map.of());
        SupervisorConfig after = reader.read(write("memory_max = 20MB\n"), Map.of());
        assertNotEquals(before.group("x"), after.group("x"));
    }

    @Test
    void badValuesNameTheOptionAndTheSection() throws IOException {
        assertEquals("value '0' is not a size above 0 (such as 20MB, 1GB) or max" + where("memory_max"),
                error("memory_max = 0\n"));
        assertEquals("invalid literal for int() with base 10: '20m'" + where("memory_high"),
                error("memory_high = 20M\n"));
        assertEquals("value '-1' is not a number above 0 or max" + where("pids_max"), error("pids_max = -1\n"));
        assertEquals("invalid literal for int() with base 10: 'lots'" + where("pids_max"),
                error("pids_max = lots\n"));
        assertEquals("invalid cpu_max 'half' (QUOTA PERIOD in microseconds, or a percentage such as 50%)"
                + where("cpu_max"), error("cpu_max = half\n"));
        assertEquals("invalid cpu_max 'x%' (QUOTA PERIOD in microseconds, or a percentage such as 50%)"
                + where("cpu_max"), error("cpu_max = x%%\n"));
        assertEquals("cpu_max '0.5%' is below the kernel's least quota (1%)" + where("cpu_max"),
                error("cpu_max = 0.5%%\n"));
        assertEquals("cpu_max '500 100000' is out of the kernel's range (QUOTA at least 1000, PERIOD from 1000 "
                + "to 1000000)" + where("cpu_max"), error("cpu_max = 500 100000\n"));
        assertEquals("cpu_max '50000 2000000' is out of the kernel's range (QUOTA at least 1000, PERIOD from "
                + "1000 to 1000000)" + where("cpu_max"), error("cpu_max = 50000 2000000\n"));
        assertEquals("not a valid boolean value: 'sometimes'" + where("cgroup"), error("cgroup = sometimes\n"));
    }

    @Test
    void fcgiProgramsReadThemAndEventListenersIgnoreThem() throws Exception {
        Path p = dir.resolve("supervisord.conf");
        Files.writeString(p, "[supervisord]\nlogfile=" + dir.resolve("s.log") + "\n"
                + "[fcgi-program:f]\ncommand=/bin/true\nsocket=tcp://localhost:9000\nmemory_max=1GB\n"
                + "[eventlistener:l]\ncommand=/bin/true\nevents=TICK_5\nmemory_max=nonsense\n");
        SupervisorConfig c = reader.read(p, Map.of());
        assertEquals(1024 * MB, (long) c.group("f").processes().get(0).limits().memoryMax());
        assertEquals(ResourceLimits.NONE, c.group("l").processes().get(0).limits());
    }
}
