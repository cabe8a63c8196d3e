package io.jsupervisor.rpcinterface.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The socket file's mode and owner go on the socket we bound, never on what a planted link names. */
class UnixSocketFileTest {
    @TempDir
    Path tmp;

    private Path victim() throws IOException {
        Path victim = Files.writeString(tmp.resolve("victim"), "precious");
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-r--r--"));
        return victim;
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aLinkAtTheSocketPathIsUnlinkedAsStaleNotFollowed() throws IOException {
        Path victim = victim();
        Path sock = tmp.resolve("s.sock");
        Files.createSymbolicLink(sock, victim);

        assertFalse(UnixSocketFile.inUse(sock));
        UnixSocketFile.removeStale(sock);

        assertFalse(Files.exists(sock, LinkOption.NOFOLLOW_LINKS));
        assertEquals("precious", Files.readString(victim));
    }

    @Test
    void publishPutsTheModeOnTheSocketAndReplacesALinkAtTheRealName() throws IOException {
        Path victim = victim();
        Path sock = tmp.resolve("s.sock");
        Path temp = UnixSocketFile.temporary(sock);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(temp));
            Files.createSymbolicLink(sock, victim);

            UnixSocketFile.publish(temp, sock, 0700, null);

            assertFalse(Files.isSymbolicLink(sock));
            assertEquals("rwx------", mode(sock));
            assertEquals("rw-r--r--", mode(victim));
            assertTrue(UnixSocketFile.inUse(sock));
        }
    }

    @Test
    void publishRefusesALinkInPlaceOfTheBoundSocket() throws IOException {
        Path victim = victim();
        Path sock = tmp.resolve("s.sock");
        Path temp = UnixSocketFile.temporary(sock);
        Files.createSymbolicLink(temp, victim);

        IOException e = assertThrows(IOException.class, () -> UnixSocketFile.publish(temp, sock, 0777, null));

        assertTrue(e.getMessage().contains("not the socket we bound"), e.getMessage());
        assertEquals("rw-r--r--", mode(victim), "chmod went through the link");
        assertFalse(Files.exists(sock, LinkOption.NOFOLLOW_LINKS));
        System.out.println("files: socket publish with a link at " + temp.getFileName() + ": refused, target mode "
                + mode(victim));
    }
}
