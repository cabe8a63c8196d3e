package io.jsupervisor.pycompat;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PyPathsTest {

    /** Expected values printed by Python 3's posixpath.dirname. */
    @Test
    void dirnameAsPython() {
        assertEquals("/opt/js/bin", PyPaths.dirname("/opt/js/bin/supervisord"));
        assertEquals("./bin", PyPaths.dirname("./bin/supervisord"));
        assertEquals("", PyPaths.dirname("supervisord"));
        assertEquals("//", PyPaths.dirname("//a"));
        assertEquals("a//b", PyPaths.dirname("a//b//"));
        assertEquals("///", PyPaths.dirname("///"));
        assertEquals("/a", PyPaths.dirname("/a/"));
    }

    /** Expected values printed by Python 3's posixpath.join. */
    @Test
    void joinAsPython() {
        assertEquals("/b/c", PyPaths.join("a", "/b", "c"));
        assertEquals("x", PyPaths.join("", "x"));
        assertEquals("a/b", PyPaths.join("a/", "b"));
        assertEquals("a/etc/supervisord.conf", PyPaths.join("a", "etc", "supervisord.conf"));
    }
}
