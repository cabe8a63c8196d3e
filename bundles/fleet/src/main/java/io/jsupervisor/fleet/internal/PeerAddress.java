package io.jsupervisor.fleet.internal;

import io.jsupervisor.api.config.ExtensionSection;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One peer daemon as the config names it: a name, the base URL of its HTTP server and the
 * credentials to send (from the URL's {@code user:password@}, which never leaves this class: the
 * page and the logs see {@link #display()}).
 *
 * <p>The config: a {@code [jsupervisor.fleet]} section with one {@code peer.<name> = <url>}
 * option per peer, and/or {@code peers_file = <path>}, a file of {@code <name> <url>} lines
 * ({@code #} starts a comment). The file is read when the daemon starts and again on each SIGHUP,
 * as the rest of the config is.
 */
record PeerAddress(String name, URI base, String authorization) {

    /** The URL without credentials, for the page. */
    String display() {
        return base.getScheme() + "://" + base.getHost() + (base.getPort() < 0 ? "" : ":" + base.getPort())
                + (base.getRawPath() == null ? "" : base.getRawPath());
    }

    URI resolve(String path) {
        String b = display();
        return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + path);
    }

    static PeerAddress parse(String name, String url) {
        if (!name.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("peer name '" + name + "': letters, digits, '_', '.', '-' only");
        }
        URI u;
        try {
            u = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("peer " + name + ": not a URL: " + url);
        }
        if (!"http".equals(u.getScheme()) || u.getHost() == null) {
            throw new IllegalArgumentException("peer " + name + ": an http://host:port URL is needed, not " + url);
        }
        String auth = null;
        if (u.getRawUserInfo() != null) {
            String userInfo = java.net.URLDecoder.decode(u.getRawUserInfo(), StandardCharsets.UTF_8);
            auth = "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
        }
        URI base;
        try {
            base = new URI("http", null, u.getHost(), u.getPort(), u.getPath(), null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("peer " + name + ": " + e.getMessage());
        }
        return new PeerAddress(name, base, auth);
    }

    /** Every peer the sections name, in order; a name given twice keeps its first URL. */
    static List<PeerAddress> fromConfig(List<ExtensionSection> sections) throws IOException {
        Map<String, PeerAddress> peers = new LinkedHashMap<>();
        for (ExtensionSection s : sections) {
            for (Map.Entry<String, String> o : s.options().entrySet()) {
                if (o.getKey().startsWith("peer.")) {
                    PeerAddress p = parse(o.getKey().substring("peer.".length()), o.getValue());
                    peers.putIfAbsent(p.name(), p);
                } else if (o.getKey().equals("peers_file")) {
                    for (PeerAddress p : fromFile(Path.of(o.getValue().trim()))) {
                        peers.putIfAbsent(p.name(), p);
                    }
                } else {
                    throw new IllegalArgumentException("[" + s.section() + "]: unknown option " + o.getKey()
                            + " (peer.<name> = <url>, peers_file = <path>)");
                }
            }
        }
        return new ArrayList<>(peers.values());
    }

    static List<PeerAddress> fromFile(Path file) throws IOException {
        List<PeerAddress> out = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            n++;
            String l = line.strip();
            int hash = l.indexOf('#');
            if (hash >= 0) {
                l = l.substring(0, hash).strip();
            }
            if (l.isEmpty()) {
                continue;
            }
            String[] parts = l.split("\\s+");
            if (parts.length != 2) {
                throw new IllegalArgumentException(file + ", line " + n + ": expected '<name> <url>'");
            }
            try {
                out.add(parse(parts[0], parts[1]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ", line " + n + ": " + e.getMessage());
            }
        }
        return out;
    }
}
