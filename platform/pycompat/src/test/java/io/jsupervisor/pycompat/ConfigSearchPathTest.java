package io.jsupervisor.pycompat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigSearchPathTest {
    @Test
    void searchPathsAreTheReferencesRelativeToTheProgramAsTyped() {
        assertEquals(List.of("/opt/js/etc/supervisord.conf", "/opt/js/supervisord.conf", "supervisord.conf",
                "etc/supervisord.conf", "/etc/supervisord.conf", "/etc/supervisor/supervisord.conf"),
                ConfigSearchPath.of("/opt/js/bin/supervisord"));
        // python's dirname of "bin" is "": relative paths as the reference builds them
        assertEquals("etc/supervisord.conf", ConfigSearchPath.of("bin/supervisord").get(0));
        assertEquals("./etc/supervisord.conf", ConfigSearchPath.of("./bin/supervisord").get(0));
        assertEquals("etc/supervisord.conf", ConfigSearchPath.of("supervisord").get(0));
        assertEquals("/etc/supervisord.conf", ConfigSearchPath.of("/bin/supervisord").get(0));
        assertEquals("/supervisord.conf", ConfigSearchPath.of("/bin/supervisord").get(1));
    }
}
