package io.jsupervisor.platform.supervisord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SystemPackagesTest {
    @Test
    void exportPackageClausesKeepVersionsAndDropDirectives() {
        assertEquals(List.of("a.b;version=\"1.0\"", "c.d;version=\"2\"", "e.f;version=\"2\"", "g"),
                SystemPackages.parseExportPackage(
                        "a.b;uses:=\"x.y,z\";version=\"1.0\",c.d;e.f;version=2,g"));
    }

    @Test
    void theLaunchersClassPathExportsJnrTheLaunchApiAndTheConfigLibrary() {
        String extra = SystemPackages.extra(System.getProperty("java.class.path"));
        assertTrue(extra.contains("jnr.posix;version="), extra);
        assertTrue(extra.contains("jnr.constants"), extra);
        assertTrue(extra.contains("com.kenai.jffi"), extra);
        assertTrue(extra.contains("io.jsupervisor.launch;version=\"1.2.0\""), extra);
        // the config library: read by the launcher, imported by the bundles
        assertTrue(extra.contains("io.jsupervisor.api.config;version=\"2.3.0\""), extra);
        assertTrue(extra.contains("io.jsupervisor.config;version=\"1.0.0\""), extra);
        assertTrue(!extra.contains("io.jsupervisor.core"), "the core is a bundle, not a system package");
    }
}
