package io.jsupervisor.config;

import io.jsupervisor.fuzzkit.FuzzBudget;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jsupervisor.api.config.ConfigException;
import io.jsupervisor.api.config.SupervisorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing of the config reader (docs/fuzzing.md): the bytes are a supervisord.conf
 * that goes through the whole read (IniParser, the %(...)s expansions, [include], every Datatypes
 * conversion, the realizing checks). Invariant: a config, or a {@link ConfigException} whose
 * message says something; any other throwable is a finding. The fuzzer starts from the shared
 * corpus's 56 real configs (copied into Jazzer's working corpus) and the committed seeds.
 */
class ConfigReaderFuzzTest {
    private static Path dir;
    private static Path config;
    private static ConfigReader reader;

    @BeforeAll
    static void setUp() throws IOException {
        FuzzBudget.apply("io.jsupervisor.**");
        dir = Files.createTempDirectory("config-fuzz-").toRealPath();
        config = dir.resolve("supervisord.conf");
        // [include] files= globs name the config itself: the included-file path runs too, on the
        // same text, instead of reading the machine's files
        ConfigEnvironment env = new ConfigEnvironment(CorpusTest.ENV, dir, "fuzzhost", p -> true, u -> true,
                pattern -> pattern.endsWith(".conf") ? List.of(config) : List.of());
        reader = new ConfigReader(env);
        seedFromSharedCorpus();
    }

    /** Jazzer's working corpus for this test (under the module) gets the shared configs. */
    private static void seedFromSharedCorpus() throws IOException {
        Path work = Path.of(".cifuzz-corpus", ConfigReaderFuzzTest.class.getName(), "readsAnyConfig");
        Files.createDirectories(work);
        Path configs = CorpusTest.corpusDir().resolve("configs");
        try (Stream<Path> s = Files.walk(configs)) {
            for (Path p : s.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".conf")).toList()) {
                String name = configs.relativize(p).toString().replace('/', '_');
                Files.copy(p, work.resolve("corpus_" + name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @FuzzTest(maxDuration = "5s")
    void readsAnyConfig(byte[] text) throws IOException {
        Files.write(config, text);
        try {
            SupervisorConfig c = reader.read(config, Map.of());
            assertNotNull(c);
        } catch (ConfigException e) {
            assertNotNull(e.getMessage(), "a config error says why");
            assertFalse(e.getMessage().isBlank(), "a config error says why");
        }
    }
}
