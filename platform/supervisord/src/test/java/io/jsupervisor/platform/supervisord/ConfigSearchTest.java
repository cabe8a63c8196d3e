package io.jsupervisor.platform.supervisord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jsupervisor.pycompat.ConfigSearchPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSearchTest {
    @Test
    void firstExistingWinsInOrder() throws Exception {
        List<String> all = ConfigSearchPath.of("/opt/js/bin/supervisord");
        for (int i = 0; i < all.size(); i++) {
            Set<String> present = Set.copyOf(all.subList(i, all.size()));
            assertEquals(all.get(i), ConfigSearch.find("/opt/js/bin/supervisord", present::contains));
        }
    }

    @Test
    void realFilesInATempLayout(@TempDir Path tmp) throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path exe = bin.resolve("supervisord");
        Files.createDirectories(tmp.resolve("etc"));
        Files.writeString(tmp.resolve("supervisord.conf"), "");
        String prog = exe.toString();
        assertEquals(tmp.resolve("supervisord.conf").toString(),
                ConfigSearch.find(prog, p -> Files.exists(Path.of(p)) && p.startsWith(tmp.toString())));
        Files.writeString(tmp.resolve("etc/supervisord.conf"), "");
        assertEquals(tmp.resolve("etc/supervisord.conf").toString(),
                ConfigSearch.find(prog, p -> Files.exists(Path.of(p)) && p.startsWith(tmp.toString())));
    }

    @Test
    void noneFoundGivesTheReferenceMessage() {
        String msg = assertThrows(CommandLine.UsageError.class, () -> ConfigSearch.find("/usr/bin/supervisord", p -> false))
                .getMessage();
        assertEquals("No config file found at default paths (/usr/etc/supervisord.conf, /usr/supervisord.conf, "
                + "supervisord.conf, etc/supervisord.conf, /etc/supervisord.conf, /etc/supervisor/supervisord.conf); "
                + "use the -c option to specify a config file at a different path", msg);
    }
}
