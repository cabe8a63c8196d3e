package io.jsupervisor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsupervisor.api.config.ConfigException;
import io.jsupervisor.api.config.HttpServerConfig;
import io.jsupervisor.api.config.LogStreamConfig;
import io.jsupervisor.api.config.ProcessConfig;
import io.jsupervisor.api.config.ProcessGroupConfig;
import io.jsupervisor.api.config.RpcInterfaceConfig;
import io.jsupervisor.api.config.SupervisorConfig;
import io.jsupervisor.api.config.SupervisordSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Reads every config of the shared corpus ({@code shared/corpus}) under the corpus's run conditions
 * and compares the result, field by field, with what the real Supervisor 4.2.5 made of it.
 *
 * <p>Intentional differences (the reference imports Python objects named in the config; we do
 * not, the bundle that uses them reports unknown ones when it starts):
 * <ul>
 *   <li>052: {@code [rpcinterface:twiddler]} names a factory that is not installed; the reference
 *       fails with "... cannot be resolved within [rpcinterface:twiddler]", our reader records the
 *       factory and its options.
 *   <li>018: {@code [eventlistener:stdout] result_handler=supervisor_stdout:event_handler} is not
 *       installed; same decision: the reader records the handler as written.
 * </ul>
 */
class CorpusTest {
    static final Map<String, String> ENV = new LinkedHashMap<>();

    static {
        String[] kv = {
            "HOME", "/home/user", "USER", "user", "LANG", "C.UTF-8",
            "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "SUPERVISOR_USERNAME", "admin", "SUPERVISOR_PASSWORD", "secret",
            "SE_SUPERVISORD_LOG_FILE", "/tmp/supervisord.log", "SE_SUPERVISORD_PID_FILE", "/tmp/supervisord.pid",
            "SE_SUPERVISORD_LOG_LEVEL", "info", "SE_SUPERVISORD_CHILD_LOG_DIR", "/tmp", "SEL_USER", "seluser",
            "SE_VIDEO_INTERNAL_UPLOAD", "false",
            "SUPERVISOR_PHP_COMMAND", "/usr/bin/php -d variables_order=EGPCS /var/www/html/artisan serve --host=0.0.0.0 --port=80",
            "SUPERVISOR_PHP_USER", "sail", "NUM_WORKERS_DEFAULT", "3", "NUM_WORKERS_PRIO", "2",
            "NUM_WORKERS_EMAIL", "1", "NUM_WORKERS_UPDATE", "1", "NUM_WORKERS_CACHE", "2", "WEB_WORKERS", "4",
            "GRANIAN_INTERFACE", "wsgi", "GRANIAN_MODE_ARGS", "", "GRANIAN_SOCKET", "/run/granian.sock",
            "GRANIAN_ARGS", "", "GRANIAN_APPLICATION", "weblate.wsgi:application",
            "CELERY_MAIN_OPTIONS", "--concurrency 4", "POSTGREY_DELAY", "300", "POSTGREY_MAX_AGE", "35",
            "POSTGREY_TEXT", "Delayed by Postgrey", "POSTGREY_AUTO_WHITELIST_CLIENTS", "5", "FETCHMAIL_POLL", "300",
        };
        for (int i = 0; i < kv.length; i += 2) {
            ENV.put(kv[i], kv[i + 1]);
        }
    }

    /** Configs where we differ from the reference on purpose (see the class comment). */
    static final Set<String> INTENTIONAL = Set.of("018", "052");

    static final ObjectMapper JSON = new ObjectMapper();

    static Path corpusDir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path c = p.resolveSibling("shared").resolve("corpus");
            if (Files.isDirectory(c.resolve("configs"))) {
                return c;
            }
            Path inside = p.resolve("shared").resolve("corpus");
            if (Files.isDirectory(inside.resolve("configs"))) {
                return inside;
            }
        }
        fail("shared/corpus not found next to the project (looked upward from " + Path.of("").toAbsolutePath() + ")");
        return null;
    }

    @TestFactory
    Stream<DynamicTest> corpus() throws IOException {
        Path corpus = corpusDir();
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> s = Files.list(corpus.resolve("configs"))) {
            for (Path entry : s.sorted().toList()) {
                String file = entry.getFileName().toString();
                String name;
                Path config;
                if (Files.isDirectory(entry)) {
                    name = file;
                    config = entry.resolve(file.equals("002-supervisor-include") ? "include.conf" : "supervisord.conf");
                } else if (file.endsWith(".conf")) {
                    name = file.substring(0, file.length() - 5);
                    config = entry;
                } else {
                    continue;
                }
                Path expected = corpus.resolve("expected").resolve(name + ".json");
                tests.add(DynamicTest.dynamicTest(name, () -> check(name, config, expected)));
            }
        }
        assertEquals(56, tests.size(), "configs in the corpus");
        return tests.stream();
    }

    private void check(String name, Path config, Path expectedFile) throws IOException {
        JsonNode expected = JSON.readTree(expectedFile.toFile());
        Path root = config.getParent();
        String id = name.substring(0, 3);
        Path cwd = Files.createTempDirectory("corpus-cwd-").toRealPath();
        try {
            Object actual = run(config, root, cwd);
            if (INTENTIONAL.contains(id)) {
                assertTrue(expected.has("error"), "the reference fails on " + name);
                assertTrue(!asMap(actual).containsKey("error"), "we accept " + name + ": " + actual);
                String text = JSON.writeValueAsString(actual);
                if (id.equals("052")) {
                    assertTrue(text.contains("\"factory\":\"survol.scripts.supervisor_twiddler.rpcinterface:make_twiddler_rpcinterface\""), text);
                } else {
                    assertTrue(text.contains("\"result_handler\":\"supervisor_stdout:event_handler\""), text);
                }
                return;
            }
            Map<String, Object> actualTree = new LinkedHashMap<>();
            actualTree.putAll(asMap(actual));
            if (expected.has("as_include")) {
                Path wrapper = cwd.resolve("wrapper.conf");
                Files.writeString(wrapper, "[supervisord]\n[include]\nfiles = " + config.toAbsolutePath() + "\n",
                        StandardCharsets.UTF_8);
                actualTree.put("as_include", run(wrapper, root, cwd));
            }
            JsonNode actualJson = JSON.valueToTree(tokenise(actualTree, root.toString(), cwd.toString()));
            List<String> diffs = new ArrayList<>();
            diff("", normalise(expected), normalise(actualJson), diffs);
            if (!diffs.isEmpty()) {
                fail(name + ": " + diffs.size() + " differences:\n  " + String.join("\n  ", diffs));
            }
        } finally {
            try (Stream<Path> w = Files.walk(cwd)) {
                w.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }

    /** Parses one config under the run conditions; the rendered result, or the error message. */
    private Object run(Path config, Path root, Path cwd) {
        Set<String> checked = new TreeSet<>();
        ConfigEnvironment env = new ConfigEnvironment(ENV, cwd, "testhost",
                p -> {
                    checked.add(p.toString());
                    return true;
                },
                u -> true,
                pattern -> PyGlob.globStrings(pattern).stream()
                        .filter(f -> f.startsWith(root + "/"))
                        .map(Path::of)
                        .toList());
        try {
            SupervisorConfig c = new ConfigReader(env).read(config.toAbsolutePath(), Map.of());
            Map<String, Object> out = render(c);
            out.put("checked_dirs", new ArrayList<>(checked));
            return out;
        } catch (ConfigException e) {
            Map<String, Object> err = new LinkedHashMap<>();
            err.put("error", e.getMessage());
            return err;
        }
    }

    static Map<String, Object> render(SupervisorConfig c) {
        Map<String, Object> out = new LinkedHashMap<>();
        SupervisordSettings s = c.supervisord();
        Map<String, Object> sd = new LinkedHashMap<>();
        sd.put("logfile", s.logfile());
        sd.put("logfile_maxbytes", s.logfileMaxbytes());
        sd.put("logfile_backups", s.logfileBackups());
        sd.put("loglevel", s.loglevel().configName());
        sd.put("pidfile", s.pidfile());
        sd.put("nodaemon", s.nodaemon());
        sd.put("silent", s.silent());
        sd.put("minfds", s.minfds());
        sd.put("minprocs", s.minprocs());
        sd.put("umask", s.umask());
        sd.put("identifier", s.identifier());
        sd.put("directory", s.directory());
        sd.put("childlogdir", s.childlogdir());
        sd.put("user", s.user());
        sd.put("nocleanup", s.nocleanup());
        sd.put("strip_ansi", s.stripAnsi());
        sd.put("environment", s.environment());
        out.put("supervisord", sd);
        List<Object> servers = new ArrayList<>();
        for (HttpServerConfig h : c.servers()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("section", h.section());
            m.put("username", h.username());
            m.put("password", h.password());
            if (h instanceof HttpServerConfig.Unix u) {
                m.put("type", "unix");
                m.put("file", u.file());
                m.put("chmod", u.chmod());
                m.put("chown", u.chown());
            } else if (h instanceof HttpServerConfig.Inet i) {
                m.put("type", "inet");
                m.put("host", i.host());
                m.put("port", i.port());
            }
            servers.add(m);
        }
        out.put("servers", servers);
        out.put("serverurl", c.serverUrl());
        List<Object> rpcs = new ArrayList<>();
        for (RpcInterfaceConfig r : c.rpcInterfaces()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.name());
            m.put("factory", r.factory());
            m.put("extras", r.options());
            rpcs.add(m);
        }
        out.put("rpcinterfaces", rpcs);
        List<Object> groups = new ArrayList<>();
        for (ProcessGroupConfig g : c.groups()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", g.name());
            m.put("priority", g.priority());
            m.put("type", g.type().sectionPrefix());
            switch (g.type()) {
                case PROGRAM -> m.put("heterogeneous", g.heterogeneous());
                case EVENTLISTENER -> {
                    m.put("buffer_size", g.listener().bufferSize());
                    m.put("events", new ArrayList<>(g.listener().events()));
                    m.put("result_handler", g.listener().resultHandler());
                }
                case FCGI_PROGRAM -> {
                    m.put("socket", g.socket().socket());
                    m.put("socket_backlog", g.socket().socketBacklog() == 0 ? null : g.socket().socketBacklog());
                    m.put("socket_mode", g.socket().socketMode());
                    m.put("socket_owner", g.socket().socketOwner());
                }
            }
            List<Object> procs = new ArrayList<>();
            for (ProcessConfig p : g.processes()) {
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("name", p.name());
                pm.put("command", p.command());
                pm.put("directory", p.directory());
                pm.put("umask", p.umask());
                pm.put("priority", p.priority());
                pm.put("autostart", p.autostart());
                pm.put("autorestart", p.autorestart().configValue());
                pm.put("startsecs", p.startsecs());
                pm.put("startretries", p.startretries());
                pm.put("user", p.user());
                pm.put("redirect_stderr", p.redirectStderr());
                stream(pm, "stdout", p.stdout());
                stream(pm, "stderr", p.stderr());
                pm.put("stopsignal", p.stopsignal());
                pm.put("stopwaitsecs", p.stopwaitsecs());
                pm.put("stopasgroup", p.stopasgroup());
                pm.put("killasgroup", p.killasgroup());
                pm.put("exitcodes", p.exitcodes());
                pm.put("environment", p.environment());
                pm.put("serverurl", p.serverurl());
                procs.add(pm);
            }
            m.put("processes", procs);
            groups.add(m);
        }
        out.put("groups", groups);
        out.put("warnings", c.warnings());
        out.put("infos", c.infos());
        out.put("criticals", List.of());
        return out;
    }

    private static void stream(Map<String, Object> pm, String k, LogStreamConfig l) {
        pm.put(k + "_logfile", switch (l.target()) {
            case AUTO -> "AUTO";
            case NONE -> null;
            case FILE -> l.path();
        });
        pm.put(k + "_logfile_maxbytes", l.maxbytes());
        pm.put(k + "_logfile_backups", l.backups());
        pm.put(k + "_capture_maxbytes", l.captureMaxbytes());
        pm.put(k + "_events_enabled", l.eventsEnabled());
        pm.put(k + "_syslog", l.syslog());
    }

    /** golden.py's tokenise: the config's folder is HERE, its parent HERE/.., the cwd CWD. */
    @SuppressWarnings("unchecked")
    static Object tokenise(Object v, String root, String cwd) {
        if (v instanceof String s) {
            s = s.replace(root, "HERE").replace(cwd, "CWD");
            String parent = Path.of(root).getParent().toString();
            return Pattern.compile(Pattern.quote(parent) + "(?=$|[/'\"\\s])").matcher(s)
                    .replaceAll(Matcher.quoteReplacement("HERE/.."));
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) {
                out.add(tokenise(o, root, cwd));
            }
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(tokenise(e.getKey(), root, cwd), tokenise(e.getValue(), root, cwd));
            }
            return out;
        }
        return v;
    }

    /**
     * Order-insensitive where the model's order is documented to differ: servers (the model puts
     * unix first, the reference lists inet first) are compared by section; checked_dirs as
     * normalised paths (java.nio.file.Path drops a trailing slash).
     */
    private static JsonNode normalise(JsonNode n) {
        if (!n.isObject()) {
            return n;
        }
        com.fasterxml.jackson.databind.node.ObjectNode o = n.deepCopy();
        if (o.has("servers")) {
            List<JsonNode> list = new ArrayList<>();
            o.get("servers").forEach(list::add);
            list.sort(Comparator.comparing(x -> x.get("section").asText()));
            o.set("servers", JSON.valueToTree(list));
        }
        if (o.has("checked_dirs")) {
            Set<String> dirs = new TreeSet<>();
            o.get("checked_dirs").forEach(x -> dirs.add(Path.of(x.asText()).toString()));
            o.set("checked_dirs", JSON.valueToTree(dirs));
        }
        if (o.has("as_include")) {
            o.set("as_include", normalise(o.get("as_include")));
        }
        return o;
    }

    private static void diff(String path, JsonNode e, JsonNode a, List<String> out) {
        if (e.isNumber() && a.isNumber()) {
            if (e.decimalValue().compareTo(a.decimalValue()) != 0) {
                out.add(path + ": expected " + e + " but was " + a);
            }
            return;
        }
        if (e.isObject() && a.isObject()) {
            Set<String> keys = new TreeSet<>();
            e.fieldNames().forEachRemaining(keys::add);
            a.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                if (!e.has(k)) {
                    out.add(path + "/" + k + ": unexpected " + a.get(k));
                } else if (!a.has(k)) {
                    out.add(path + "/" + k + ": missing, expected " + e.get(k));
                } else {
                    diff(path + "/" + k, e.get(k), a.get(k), out);
                }
            }
            return;
        }
        if (e.isArray() && a.isArray()) {
            if (e.size() != a.size()) {
                out.add(path + ": expected " + e.size() + " items but was " + a.size() + ": expected " + e + " but was " + a);
                return;
            }
            Iterator<JsonNode> ie = e.iterator();
            Iterator<JsonNode> ia = a.iterator();
            int i = 0;
            while (ie.hasNext()) {
                diff(path + "[" + i++ + "]", ie.next(), ia.next(), out);
            }
            return;
        }
        if (!e.equals(a)) {
            out.add(path + ": expected " + e + " but was " + a);
        }
    }
}
