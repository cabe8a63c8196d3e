package io.jsupervisor.platform.supervisorctl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins the shell's help texts, the list of actions and the unknown-syntax line byte for byte: the help
 * prose is our own, so the comparisons with the reference client skip it.
 */
class HelpTranscriptTest {

    @Test
    void helpOfEveryActionIsUnchanged(@TempDir Path dir) throws Exception {
        String serverurl = "unix://" + dir.resolve("absent.sock");
        Path conf = dir.resolve("ctl.conf");
        Files.writeString(conf, "[supervisorctl]\nserverurl=" + serverurl + "\n");
        Path script = dir.resolve("script.txt");
        Files.write(script, resource("help-script.txt"));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Supervisorctl.class.getName(), "-c", conf.toString())
                .redirectInput(script.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        p.waitFor(60, TimeUnit.SECONDS);
        String expected = new String(resource("help-transcript.txt"), StandardCharsets.UTF_8)
                .replace("SERVERURL", serverurl);
        assertEquals(expected, new String(out, StandardCharsets.UTF_8));
        assertEquals(0, p.exitValue());
    }

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = HelpTranscriptTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }
}
