package io.jsupervisor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.StringReader;
import org.ini4j.Config;
import org.ini4j.Ini;
import org.junit.jupiter.api.Test;

/**
 * Why the reader does not use ini4j 0.5.4: with the best options it has, it still disagrees with
 * Python's RawConfigParser (as supervisor configures it) on rules real configs use. Each assertion
 * pins ini4j's actual, wrong value; {@link ConfigReaderTest} has the right ones.
 */
class Ini4jEvaluationTest {
    private static Ini load(String text) throws Exception {
        Config cfg = new Config();
        cfg.setEscape(false);
        cfg.setEscapeNewline(false);
        cfg.setLowerCaseOption(true);
        cfg.setMultiOption(false);
        cfg.setTree(false);
        Ini ini = new Ini();
        ini.setConfig(cfg);
        ini.load(new StringReader(text));
        return ini;
    }

    @Test
    void inlineCommentIsKeptInTheValue() throws Exception {
        Ini ini = load("[supervisord]\nlogfile=/tmp/supervisord.log ; main log file\n");
        // Python: "/tmp/supervisord.log"
        assertEquals("/tmp/supervisord.log ; main log file", ini.get("supervisord", "logfile"));
    }

    @Test
    void indentedContinuationLineIsRejected() {
        // Python: files = "a.conf\nb.conf"; ini4j refuses the file
        assertThrows(org.ini4j.InvalidFileFormatException.class,
                () -> load("[include]\nfiles = a.conf\n    b.conf\n"));
    }

    @Test
    void defaultSectionIsNotInherited() throws Exception {
        Ini ini = load("[DEFAULT]\nstartsecs = 7\n[program:x]\ncommand = /bin/cat\n");
        // Python: "7"
        assertNull(ini.get("program:x", "startsecs"));
    }
}
