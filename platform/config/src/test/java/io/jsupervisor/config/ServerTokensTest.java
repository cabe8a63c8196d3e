package io.jsupervisor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsupervisor.api.config.ConfigException;
import io.jsupervisor.api.config.HttpServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jsupervisor's {@code tokens=} in the HTTP server sections. */
class ServerTokensTest {
    @TempDir
    Path dir;

    private final ConfigReader reader = new ConfigReader(ConfigEnvironment.system());

    private Path write(String inetOptions) throws IOException {
        return Files.writeString(dir.resolve("supervisord.conf"), "[supervisord]\nlogfile=" + dir.resolve("s.log")
                + "\n[inet_http_server]\nport=127.0.0.1:9001\n" + inetOptions);
    }

    private HttpServerConfig server(String inetOptions) throws Exception {
        return reader.read(write(inetOptions), Map.of()).servers().get(0);
    }

    @Test
    void tokensAreReadAsWrittenAndMakeTheServerAuthenticate() throws Exception {
        HttpServerConfig none = server("");
        assertEquals(List.of(), none.tokens());
        assertFalse(none.authenticates());
        String sha256 = "{SHA256}9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        HttpServerConfig some = server("tokens = plain-one, {SHA}a94a8fe5ccb19ba61c4c0873d391e987982fbbd3\n  " + sha256 + "\n");
        assertEquals(List.of("plain-one", "{SHA}a94a8fe5ccb19ba61c4c0873d391e987982fbbd3", sha256), some.tokens());
        assertTrue(some.authenticates());
    }

    @Test
    void aHashThatIsNotAWholeDigestIsAnErrorThatDoesNotPrintIt() throws Exception {
        Path p = write("tokens = {SHA}abc123\n");
        String message = assertThrows(ConfigException.class, () -> reader.read(p, Map.of())).getMessage();
        assertTrue(message.contains("invalid token '{SHA}...'") && message.contains("'tokens'")
                && !message.contains("abc123"), message);
    }
}
