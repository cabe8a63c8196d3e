package io.jsupervisor.core.internal.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pidfile is never written through a link planted at its path, nor in a dir anyone may rewrite. */
class PidFileTest {
    @TempDir
    Path tmp;

    @Test
    void aSymlinkAtThePathIsReplacedAndItsTargetLeftAlone() throws IOException {
        Path victim = Files.writeString(tmp.resolve("victim"), "precious\n");
        Path pidfile = tmp.resolve("supervisord.pid");
        Files.createSymbolicLink(pidfile, victim);

        PidFile.write(pidfile, 4242);

        assertEquals("precious\n", Files.readString(victim));
        assertFalse(Files.isSymbolicLink(pidfile));
        assertEquals("4242\n", Files.readString(pidfile));
        try (var s = Files.list(tmp)) {
            assertEquals(2, s.count(), "no temporary file left behind");
        }
    }

    @Test
    void aSymlinkAtTheTemporaryNameIsNotFollowedEither() throws IOException {
        Path victim = Files.writeString(tmp.resolve("victim"), "precious\n");
        Path pidfile = tmp.resolve("supervisord.pid");
        Files.createSymbolicLink(tmp.resolve("supervisord.pid.tmp" + ProcessHandle.current().pid()), victim);

        PidFile.write(pidfile, 7);

        assertEquals("precious\n", Files.readString(victim));
        assertEquals("7\n", Files.readString(pidfile));
    }

    @Test
    void aWorldWritableDirectoryWithoutTheStickyBitIsRefused() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path pidfile = dir.resolve("supervisord.pid");

        String why = PidFile.refusal(pidfile);
        assertNotNull(why);
        assertTrue(why.contains("writable by every user and not sticky"), why);
        assertThrows(IOException.class, () -> PidFile.write(pidfile, 1));
        assertFalse(Files.exists(pidfile, LinkOption.NOFOLLOW_LINKS));
        System.out.println("files: pidfile in a 0777 dir: refused (" + why + ")");
    }

    @Test
    void aStickyWorldWritableDirectoryLikeTmpIsAccepted() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("sticky"));
        Files.setAttribute(dir, "unix:mode", 01777);
        Path pidfile = dir.resolve("supervisord.pid");

        assertNull(PidFile.refusal(pidfile));
        PidFile.write(pidfile, 99);
        assertEquals("99\n", Files.readString(pidfile));
    }
}
