package io.jsupervisor.config;

import io.jsupervisor.api.config.Readiness;
import io.jsupervisor.api.config.ReadyCheck;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * jsupervisor's readiness options of a {@code [program:x]} or {@code [fcgi-program:x]}:
 * {@code depends_on}, {@code ready_check}, {@code ready_timeout} and {@code ready_interval}.
 * The reference ignores them; a program that sets none of them gets {@link Readiness#REFERENCE}.
 * Whether the names of {@code depends_on} exist is for {@link DependencyGraph}, which sees every group.
 */
final class ReadinessOptions {
    static final String CHECK_FORMS = "tcp:HOST:PORT, http://HOST:PORT/PATH, https://HOST:PORT/PATH, "
            + "exec:COMMAND or log:REGEX";

    private static final Pattern NAME_SEPARATORS = Pattern.compile("[,\\s]+");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
    /** A bracketed IPv6 literal, with an optional zone: {@code [::1]}, {@code [fe80::1%eth0]}. */
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*(%[\\w.-]+)?]");
    /** What a host name or IPv4 address cannot contain. */
    private static final Pattern NOT_IN_HOST = Pattern.compile("[\\s:/\\[\\]@]");

    private ReadinessOptions() {}

    static Readiness read(OptionLookup options) {
        List<String> dependsOn = options.optional("depends_on", ReadinessOptions::names);
        ReadyCheck check = options.optional("ready_check", ReadinessOptions::check);
        Double timeout = options.optional("ready_timeout", RestartOptions::seconds);
        Double interval = options.optional("ready_interval", ReadinessOptions::interval);
        if (dependsOn == null && check == null && timeout == null && interval == null) {
            return Readiness.REFERENCE;
        }
        return new Readiness(dependsOn == null ? List.of() : dependsOn, check,
                timeout == null ? Readiness.DEFAULT_TIMEOUT : timeout,
                interval == null ? Readiness.DEFAULT_INTERVAL : interval);
    }

    /** {@code depends_on}: names separated by commas and/or whitespace, in order, each once. */
    static List<String> names(String value) {
        Set<String> names = new LinkedHashSet<>();
        for (String name : NAME_SEPARATORS.split(value)) {
            String n = Py.strip(name);
            if (!n.isEmpty()) {
                names.add(n);
            }
        }
        return new ArrayList<>(names);
    }

    /** {@code ready_interval}: seconds, fractions allowed, above 0. */
    static double interval(String value) {
        double d = RestartOptions.number(value);
        if (!(d > 0)) {
            throw new PyValueError("value " + Py.repr(value) + " is not a number of seconds above 0");
        }
        return d;
    }

    /** {@code ready_check}: one of {@link #CHECK_FORMS}; the kind before the colon in any case. */
    static ReadyCheck check(String value) {
        String v = Py.strip(value);
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.startsWith("tcp:")) {
            return tcp(v, v.substring(4));
        }
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return http(v);
        }
        if (lower.startsWith("exec:")) {
            String command = Py.strip(v.substring(5));
            if (command.isEmpty()) {
                throw new PyValueError("ready check " + Py.repr(v) + " has no command (exec:COMMAND)");
            }
            return new ReadyCheck.Exec(command);
        }
        if (lower.startsWith("log:")) {
            return log(v.substring(4));
        }
        throw new PyValueError("invalid ready check " + Py.repr(v) + " (" + CHECK_FORMS + ")");
    }

    /** {@code HOST:PORT}: a name, an IPv4 address or a bracketed IPv6 one (kept as written), and 1 to 65535. */
    private static ReadyCheck tcp(String value, String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        String host = colon < 0 ? "" : hostAndPort.substring(0, colon);
        boolean hostValid = host.startsWith("[") ? IPV6.matcher(host).matches()
                : !host.isEmpty() && !NOT_IN_HOST.matcher(host).find();
        if (!hostValid) {
            throw new PyValueError("ready check " + Py.repr(value) + " has no valid host "
                    + "(tcp:HOST:PORT, an IPv6 HOST in brackets)");
        }
        String port = hostAndPort.substring(colon + 1);
        if (!PORT.matcher(port).matches() || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new PyValueError("ready check " + Py.repr(value) + " has no valid port (1 to 65535)");
        }
        return new ReadyCheck.Tcp(host, Integer.parseInt(port));
    }

    /** An http or https URL with a host, kept as written. */
    private static ReadyCheck http(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new PyValueError("ready check " + Py.repr(url) + " is not a valid URL: " + e.getReason());
        }
        if (uri.getHost() == null) {
            throw new PyValueError("ready check " + Py.repr(url) + " has no valid host");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw new PyValueError("ready check " + Py.repr(url) + " has no valid port (1 to 65535)");
        }
        return new ReadyCheck.Http(url);
    }

    /** A java.util.regex pattern, kept as written. */
    private static ReadyCheck log(String regex) {
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new PyValueError("ready check regex " + Py.repr(regex) + " does not compile: "
                    + e.getDescription());
        }
        return new ReadyCheck.Log(regex);
    }
}
