package io.jsupervisor.fleet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsupervisor.api.config.ExtensionSection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerAddressTest {
    @TempDir
    Path dir;

    @Test
    void credentialsLeaveTheUrlAndBecomeAnAuthorizationHeader() {
        PeerAddress p = PeerAddress.parse("web1", "http://admin:s%3Acret@10.0.0.2:9001");
        assertEquals("http://10.0.0.2:9001", p.display());
        assertEquals("Basic YWRtaW46czpjcmV0", p.authorization()); // admin:s:cret
        assertEquals("http://10.0.0.2:9001/RPC2", p.resolve("/RPC2").toString());
        assertNull(PeerAddress.parse("b", "http://host:9001/").authorization());
        assertEquals("http://host:9001/RPC2", PeerAddress.parse("b", "http://host:9001/").resolve("/RPC2").toString());
    }

    @Test
    void badPeersAreRefusedWithTheirName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PeerAddress.parse("x", "ftp://h/"))
                .getMessage().contains("peer x"));
        assertThrows(IllegalArgumentException.class, () -> PeerAddress.parse("bad name", "http://h:1"));
        assertThrows(IllegalArgumentException.class, () -> PeerAddress.parse("x", "not a url"));
    }

    @Test
    void sectionOptionsAndAPeersFileAreReadInOrder() throws Exception {
        Path file = dir.resolve("fleet.txt");
        Files.writeString(file, "# the workers\nw1 http://10.0.0.5:9001   # first\n\nw2 http://u:p@10.0.0.6:9001\n");
        Map<String, String> options = new LinkedHashMap<>();
        options.put("peer.db", "http://10.0.0.4:9001");
        options.put("peers_file", file.toString());
        List<PeerAddress> peers = PeerAddress.fromConfig(List.of(new ExtensionSection("jsupervisor.fleet", options)));
        assertEquals(List.of("db", "w1", "w2"), peers.stream().map(PeerAddress::name).toList());
        Files.writeString(file, "w1\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PeerAddress.fromConfig(List.of(new ExtensionSection("jsupervisor.fleet", options))));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> PeerAddress.fromConfig(
                List.of(new ExtensionSection("jsupervisor.fleet", Map.of("peer", "http://h:1")))));
        assertTrue(unknown.getMessage().contains("unknown option peer"), unknown.getMessage());
    }
}
