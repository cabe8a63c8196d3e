package io.jsupervisor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsupervisor.api.config.ConfigException;
import io.jsupervisor.api.config.LogFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jsupervisor's {@code [supervisord] logformat}. */
class LogFormatOptionTest {
    @TempDir
    Path dir;

    private final ConfigReader reader = new ConfigReader(ConfigEnvironment.system());

    private Path write(String supervisordOptions) throws IOException {
        return Files.writeString(dir.resolve("supervisord.conf"),
                "[supervisord]\nlogfile=" + dir.resolve("s.log") + "\n" + supervisordOptions);
    }

    @Test
    void textUnlessSetJsonWhenAsked() throws Exception {
        assertEquals(LogFormat.TEXT, reader.read(write(""), Map.of()).supervisord().logformat());
        assertEquals(LogFormat.JSON, reader.read(write("logformat = JSON\n"), Map.of()).supervisord().logformat());
        assertEquals(LogFormat.TEXT, reader.read(write("logformat=text\n"), Map.of()).supervisord().logformat());
    }

    @Test
    void anotherValueIsAnErrorNamingTheOption() throws Exception {
        Path p = write("logformat = xml\n");
        String message = assertThrows(ConfigException.class, () -> reader.read(p, Map.of())).getMessage();
        assertTrue(message.contains("invalid log format 'xml' (text or json)") && message.contains("logformat"), message);
    }
}
