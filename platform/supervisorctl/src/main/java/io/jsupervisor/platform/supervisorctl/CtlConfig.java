package io.jsupervisor.platform.supervisorctl;

import io.jsupervisor.pycompat.PyRepr;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the {@code [supervisorctl]} section of a supervisord.conf with ConfigParser's rules
 * (full-line and inline comments, continuation lines, {@code =} or {@code :}, lower-cased keys)
 * and supervisord's {@code %(here)s} / {@code %(ENV_X)s} expansions.
 */
final class CtlConfig {
    /** A config problem, reported as a usage error. */
    static final class ConfigError extends Exception {
        ConfigError(String m) {
            super(m);
        }
    }

    String serverurl = "http://localhost:9001";
    String prompt = "supervisor";
    String username;
    String password;
    String historyFile;

    static String normalize(String p) {
        if (p.equals("~") || p.startsWith("~/")) {
            p = System.getProperty("user.home") + p.substring(1);
        }
        return Path.of(p).toAbsolutePath().normalize().toString();
    }

    static CtlConfig read(String file) throws ConfigError {
        Path path = Path.of(file);
        if (!Files.exists(path)) {
            throw new ConfigError("could not find config file " + file);
        }
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigError("could not read config file " + file);
        }
        Map<String, Map<String, String>> sections = parse(text, file);
        Map<String, String> s = sections.get("supervisorctl");
        if (s == null) {
            throw new ConfigError(".ini file does not include supervisorctl section");
        }
        String here = normalize(path.toAbsolutePath().getParent().toString());
        CtlConfig c = new CtlConfig();
        if (s.containsKey("serverurl")) {
            String url = expand(s.get("serverurl"), here, "serverurl");
            if (url.startsWith("unix://")) {
                url = "unix://" + normalize(url.substring(7));
            }
            c.serverurl = url;
        }
        if (s.containsKey("prompt")) {
            c.prompt = expand(s.get("prompt"), null, "prompt");
        }
        if (s.containsKey("username")) {
            c.username = expand(s.get("username"), null, "username");
        }
        if (s.containsKey("password")) {
            c.password = expand(s.get("password"), null, "password");
        }
        if (s.containsKey("history_file")) {
            String h = expand(s.get("history_file"), here, "history_file");
            c.historyFile = h.isEmpty() ? null : normalize(h);
        }
        return c;
    }

    static String expand(String v, String here, String option) throws ConfigError {
        Map<String, String> env = new LinkedHashMap<>();
        System.getenv().forEach((k, val) -> env.put("env_" + k.toLowerCase(), val));
        if (here != null) {
            env.put("here", here);
        }
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < v.length()) {
            char ch = v.charAt(i);
            if (ch != '%') {
                b.append(ch);
                i++;
                continue;
            }
            if (v.startsWith("%%", i)) {
                b.append('%');
                i += 2;
                continue;
            }
            if (v.startsWith("%(", i)) {
                int close = v.indexOf(")s", i);
                if (close > 0) {
                    String key = v.substring(i + 2, close).toLowerCase();
                    String val = env.get(key);
                    if (val == null) {
                        throw new ConfigError("Format string '" + v + "' for 'supervisorctl." + option
                                + "' contains names ('" + v.substring(i + 2, close)
                                + "') which cannot be expanded. Available names: "
                                + String.join(", ", new java.util.TreeSet<>(env.keySet())));
                    }
                    b.append(val);
                    i = close + 2;
                    continue;
                }
            }
            throw new ConfigError("Format string '" + v + "' for 'supervisorctl." + option + "' is badly formatted");
        }
        return b.toString();
    }

    static Map<String, Map<String, String>> parse(String text, String file) throws ConfigError {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> cur = null;
        String lastKey = null;
        String[] lines = text.split("\r?\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String raw = lines[n];
            String stripped = raw.strip();
            if (stripped.isEmpty() || stripped.startsWith("#") || stripped.startsWith(";")) {
                if (stripped.isEmpty() && cur != null && lastKey != null) {
                    // blank line inside a value: ConfigParser keeps it only if more continuation follows
                    lastKey = lastKey; // no-op; trailing blanks are stripped below
                }
                continue;
            }
            boolean indented = Character.isWhitespace(raw.charAt(0));
            String value = stripInline(stripped);
            if (indented && cur != null && lastKey != null) {
                cur.put(lastKey, (cur.get(lastKey) + "\n" + value).strip());
                continue;
            }
            if (stripped.startsWith("[")) {
                int close = stripped.indexOf(']');
                if (close < 0) {
                    throw new ConfigError("File contains parsing errors: " + file);
                }
                String name = stripped.substring(1, close);
                cur = sections.computeIfAbsent(name, k -> new LinkedHashMap<>());
                lastKey = null;
                continue;
            }
            if (cur == null) {
                throw new ConfigError("File contains no section headers.\nfile: '" + file + "', line: " + (n + 1)
                        + "\n" + PyRepr.repr(raw));
            }
            int eq = indexOfDelim(value);
            if (eq < 0) {
                throw new ConfigError("File contains parsing errors: " + file);
            }
            lastKey = value.substring(0, eq).strip().toLowerCase();
            cur.put(lastKey, value.substring(eq + 1).strip());
        }
        return sections;
    }

    private static int indexOfDelim(String s) {
        int e = s.indexOf('=');
        int c = s.indexOf(':');
        if (e < 0) {
            return c;
        }
        if (c < 0) {
            return e;
        }
        return Math.min(e, c);
    }

    private static String stripInline(String s) {
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c == ';' || c == '#') && Character.isWhitespace(s.charAt(i - 1))) {
                return s.substring(0, i).strip();
            }
        }
        return s;
    }
}
