package io.jsupervisor.syslog.internal;

import io.jsupervisor.api.config.ExtensionSection;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * {@code [jsupervisor.syslog]}: where syslog output goes. All options are optional:
 * <pre>
 * socket = /dev/log            ; the local syslog socket (a UNIX datagram socket)
 * facility = user              ; user, daemon, local0..local7, ...
 * tag = supervisord            ; the local messages' tag
 * remote = udp://host:514      ; also send RFC 5424 to a remote collector (udp:// or tcp://)
 * hostname = (this host's)     ; HOSTNAME of the remote messages
 * app_name = supervisord       ; APP-NAME of the remote messages
 * </pre>
 */
record SyslogSettings(String socket, int facility, String tag, URI remote, String hostname, String appName) {
    private static final Map<String, Integer> FACILITIES = Map.ofEntries(
            Map.entry("kern", 0), Map.entry("user", 1), Map.entry("mail", 2), Map.entry("daemon", 3),
            Map.entry("auth", 4), Map.entry("syslog", 5), Map.entry("lpr", 6), Map.entry("news", 7),
            Map.entry("uucp", 8), Map.entry("cron", 9), Map.entry("authpriv", 10), Map.entry("ftp", 11),
            Map.entry("local0", 16), Map.entry("local1", 17), Map.entry("local2", 18), Map.entry("local3", 19),
            Map.entry("local4", 20), Map.entry("local5", 21), Map.entry("local6", 22), Map.entry("local7", 23));

    static SyslogSettings of(List<ExtensionSection> sections, String defaultHost) {
        ExtensionSection s = sections.isEmpty() ? new ExtensionSection("jsupervisor.syslog", Map.of()) : sections.get(0);
        String where = "[" + s.section() + "] ";
        String facilityName = s.option("facility", "user").strip().toLowerCase(java.util.Locale.ROOT);
        Integer facility = FACILITIES.get(facilityName);
        if (facility == null) {
            throw new IllegalArgumentException(where + "facility: unknown facility " + facilityName);
        }
        URI remote = null;
        String r = s.option("remote", "").strip();
        if (!r.isEmpty()) {
            try {
                remote = URI.create(r);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + "remote: not a URL: " + r);
            }
            if (!"udp".equals(remote.getScheme()) && !"tcp".equals(remote.getScheme()) || remote.getHost() == null) {
                throw new IllegalArgumentException(where + "remote: expected udp://host:port or tcp://host:port, got "
                        + r);
            }
        }
        return new SyslogSettings(s.option("socket", "/dev/log").strip(), facility, s.option("tag", "supervisord").strip(),
                remote, s.option("hostname", defaultHost).strip(), s.option("app_name", "supervisord").strip());
    }

    int remotePort() {
        return remote.getPort() > 0 ? remote.getPort() : 514;
    }
}
