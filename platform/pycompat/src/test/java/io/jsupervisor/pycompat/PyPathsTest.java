package io.jsupervisor.pycompat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PyPathsTest {

    /** A path and what Python 3's posixpath.dirname returns for it. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            /opt/js/bin/supervisord | /opt/js/bin
            ./bin/supervisord       | ./bin
            supervisord             | ''
            //a                     | //
            a//b//                  | a//b
            ///                     | ///
            /a/                     | /a
            """)
    void dirnameAsPython(String path, String dirname) {
        assertEquals(dirname, PyPaths.dirname(path));
    }

    /** Expected values printed by Python 3's posixpath.join. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            a  | /b  | c                | /b/c
            '' | x   | ''               | x
            a/ | b   | ''               | a/b
            a  | etc | supervisord.conf | a/etc/supervisord.conf
            """)
    void joinAsPython(String a, String b, String c, String joined) {
        assertEquals(joined, c.isEmpty() ? PyPaths.join(a, b) : PyPaths.join(a, b, c));
    }
}
