package io.jsupervisor.core.internal.log;

import io.jsupervisor.api.config.LogLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChildLogDirTest {

    @TempDir
    Path dir;

    @Test
    void autoLogNameAndCreation() throws IOException {
        Set<Path> made = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            Path p = ChildLogDir.createAutoLog(dir, "cat", "supervisor", "stdout");
            assertTrue(p.isAbsolute());
            assertEquals(dir.toAbsolutePath().normalize(), p.getParent());
            assertTrue(p.getFileName().toString().matches("cat-stdout---supervisor-[a-z0-9_]{8}\\.log"),
                    p.getFileName().toString());
            assertTrue(Files.isRegularFile(p));
            assertEquals(0, Files.size(p));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
            assertTrue(made.add(p), "names must be unique");
        }
        Path err = ChildLogDir.createAutoLog(dir, "web_1", "myid", "stderr");
        assertTrue(err.getFileName().toString().startsWith("web_1-stderr---myid-"));
    }

    @Test
    void autoLogInMissingDirFails() {
        assertThrows(IOException.class,
                () -> ChildLogDir.createAutoLog(dir.resolve("nope"), "cat", "supervisor", "stdout"));
    }

    @Test
    void cleanupRemovesWhatTheReferencePatternMatches() throws IOException {
        // matched / not matched as the reference's re.match decides (checked against Python)
        String[] removed = {
            "foo-stdout---supervisor-abc12345.log",
            "foo-stdout---supervisor-abc12345.log.1",
            "foo-stdout---supervisor-abc12345.log.10",
            "foo-stderr---supervisor-x.logfoo",
        };
        String[] kept = {
            "foo-stdout---other-abc.log",
            "---supervisor-abc.log",
            "foo---supervisor-.log",
            "notes.txt",
            "foo-stdout---supervisorx-abc.log",
            "a---supervisor-b c.log",
            "x---supervisor-y.LOG",
        };
        for (String n : removed) {
            Files.writeString(dir.resolve(n), "x");
        }
        for (String n : kept) {
            Files.writeString(dir.resolve(n), "x");
        }
        Path auto = ChildLogDir.createAutoLog(dir, "cat", "supervisor", "stdout");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ActivityLog log = ActivityLog.toStream(new PrintStream(out, true, StandardCharsets.UTF_8), LogLevel.INFO);
        ChildLogDir.cleanup(dir, "supervisor", log);
        for (String n : removed) {
            assertFalse(Files.exists(dir.resolve(n)), n);
        }
        for (String n : kept) {
            assertTrue(Files.exists(dir.resolve(n)), n);
        }
        assertFalse(Files.exists(auto));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void cleanupFailuresAreWarnedAsTheReferenceDoes() throws IOException {
        Path sub = dir.resolve("p-stdout---supervisor-dir.log");
        Files.createDirectory(sub);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ActivityLog log = ActivityLog.toStream(new PrintStream(out, true, StandardCharsets.UTF_8), LogLevel.INFO);
        ChildLogDir.cleanup(dir, "supervisor", log);
        assertTrue(Files.isDirectory(sub), "a directory is never removed");
        String s = out.toString(StandardCharsets.UTF_8);
        assertTrue(s.matches("(?s)\\S+ \\S+ WARN Failed to clean up '" + java.util.regex.Pattern.quote(sub.toString()) + "'\n"), s);

        out.reset();
        ChildLogDir.cleanup(dir.resolve("does-not-exist"), "supervisor", log);
        assertTrue(out.toString(StandardCharsets.UTF_8).endsWith(" WARN Could not clear childlog dir\n"),
                out.toString(StandardCharsets.UTF_8));

        ChildLogDir.cleanup(dir.resolve("does-not-exist"), "supervisor", null); // no logger: silent
    }

    @Test
    void identifierIsUsedAsARegexLikeTheReference() throws IOException {
        Files.writeString(dir.resolve("a-stdout---sup1-abc.log"), "x");
        Files.writeString(dir.resolve("a-stdout---supX-abc.log"), "x");
        Files.writeString(dir.resolve("a-stdout---sup{-abc.log"), "x");
        ChildLogDir.cleanup(dir, "sup.", null);
        assertFalse(Files.exists(dir.resolve("a-stdout---sup1-abc.log")));
        assertFalse(Files.exists(dir.resolve("a-stdout---supX-abc.log")));
        ChildLogDir.cleanup(dir, "sup{", null); // invalid as a Java regex: taken literally
        assertFalse(Files.exists(dir.resolve("a-stdout---sup{-abc.log")));
    }
}
