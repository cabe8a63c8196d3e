package io.jsupervisor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsupervisor.api.config.ConfigException;
import io.jsupervisor.api.config.HttpServerConfig;
import io.jsupervisor.api.config.LogLevel;
import io.jsupervisor.api.config.LogStreamConfig;
import io.jsupervisor.api.config.ProcessConfig;
import io.jsupervisor.api.config.ProcessGroupConfig;
import io.jsupervisor.api.config.SupervisorConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parsing rules, expansions, datatypes and error messages, one at a time. */
class ConfigReaderTest {
    @TempDir
    Path dir;

    Map<String, String> env;
    ConfigReader reader;

    @BeforeEach
    void setUp() {
        env = new LinkedHashMap<>();
        env.put("HOME", "/home/user");
        env.put("FOO", "bar");
        reader = new ConfigReader(new ConfigEnvironment(env, dir, "testhost",
                p -> !p.toString().contains("missing"),
                u -> !u.equals("ghost"),
                PyGlob::glob));
    }

    Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    SupervisorConfig read(String text) throws Exception {
        return reader.read(write("supervisord.conf", text), Map.of());
    }

    String error(String text) throws IOException {
        Path p = write("supervisord.conf", text);
        return assertThrows(ConfigException.class, () -> reader.read(p, Map.of())).getMessage();
    }

    ProcessConfig proc(SupervisorConfig c, String group) {
        return c.group(group).processes().get(0);
    }

    String file() {
        return dir.resolve("supervisord.conf").toString();
    }

    // ---------------------------------------------------------------- ini syntax

    @Test
    void jsupervisorSectionsAreKeptForBundlesExpandedAndInOrder() throws Exception {
        SupervisorConfig c = read("[supervisord]\n[jsupervisor.listener:die]\ntype = fatal-exit\n"
                + "programs = web,%(ENV_HOME)s\nlog = %(here)s/x\n[unknown:x]\na=b\n[jsupervisor.syslog]\nhost=h\n");
        assertEquals(2, c.extensions().size());
        var die = c.extensions("listener").get(0);
        assertEquals("die", die.name());
        assertEquals(List.of("type", "programs", "log"), List.copyOf(die.options().keySet()));
        assertEquals("web,/home/user", die.option("programs", null));
        assertEquals(c.source().getParent().resolve("x").toString(), die.option("log", null));
        assertEquals("syslog", c.extensions().get(1).kind());
        assertEquals("", c.extensions().get(1).name());
    }

    @Test
    void aJsupervisorSectionTheReferenceWouldNotExpandDoesNotStopTheDaemon() throws Exception {
        SupervisorConfig c = read("[supervisord]\n[jsupervisor.listener:x]\nthreshold = 50%\nok = %(ENV_FOO)s\n");
        var x = c.extensions("listener").get(0);
        assertEquals("50%", x.option("threshold", null));
        assertEquals("bar", x.option("ok", null));
        assertTrue(c.warnings().stream().anyMatch(w -> w.startsWith("[jsupervisor.listener:x] threshold: kept as written")),
                c.warnings().toString());
    }

    @Test
    void colonDelimiterAndUpperCaseKeys() throws Exception {
        SupervisorConfig c = read("[supervisord]\nIDENTIFIER: abc\n[program:x]\nCommand = /bin/cat\n");
        assertEquals("abc", c.supervisord().identifier());
        assertEquals("/bin/cat", proc(c, "x").command());
    }

    @Test
    void inlineCommentsOnlyAfterWhitespaceAndQuotesDoNotProtect() throws Exception {
        SupervisorConfig c = read("[supervisord]\nidentifier = a;b ; comment\n"
                + "[program:x]\ncommand = sh -c 'echo x ; echo y'\n"
                + "[program:y]\ncommand = nginx -g 'daemon off;'\t; tab comment\n"
                + "[program:z]\ncommand = a#b #c\n");
        assertEquals("a;b", c.supervisord().identifier());
        assertEquals("sh -c 'echo x", proc(c, "x").command());
        assertEquals("nginx -g 'daemon off;'", proc(c, "y").command());
        assertEquals("a#b", proc(c, "z").command());
    }

    @Test
    void inlineCommentSearchIsRoundBasedLikePython() throws Exception {
        // Python looks for ';' and '#' in rounds: the first valid '#' wins over a later valid ';'
        SupervisorConfig c = read("[supervisord]\n[program:x]\ncommand = x;y ;z #w\n");
        assertEquals("x;y ;z", proc(c, "x").command());
    }

    @Test
    void fullLineCommentsAndIndentedComments() throws Exception {
        SupervisorConfig c = read("# top\n; top\n[supervisord]\n  ; indented\n[program:x]\ncommand=/bin/a\n");
        assertEquals("/bin/a", proc(c, "x").command());
    }

    @Test
    void continuationLinesSkipCommentsAndKeepBlankLines() throws Exception {
        SupervisorConfig c = read("[supervisord]\n[program:x]\ncommand =\n    /bin/a\n# note\n    -b\n\n    -c\n\n"
                + "priority = 5\n");
        assertEquals("\n/bin/a\n-b\n\n-c", proc(c, "x").command()); // as Python 3.11 keeps it
        assertEquals(5, proc(c, "x").priority());
    }

    @Test
    void defaultSectionIsInherited() throws Exception {
        SupervisorConfig c = read("[DEFAULT]\nstartsecs = 7\n[supervisord]\n[program:x]\ncommand=/bin/a\n"
                + "[program:y]\ncommand=/bin/b\nstartsecs=2\n");
        assertEquals(7, proc(c, "x").startsecs());
        assertEquals(2, proc(c, "y").startsecs());
    }

    @Test
    void duplicateKeyLastWinsAndRepeatedSectionMerges() throws Exception {
        SupervisorConfig c = read("[supervisord]\n[program:x]\ncommand=/bin/a\ncommand=/bin/b\n"
                + "[supervisord]\nidentifier=again\n[program:x]\npriority=3\n");
        assertEquals("/bin/b", proc(c, "x").command());
        assertEquals(3, proc(c, "x").priority());
        assertEquals("again", c.supervisord().identifier());
    }

    @Test
    void crlfMissingFinalNewlineAndUtf8() throws Exception {
        SupervisorConfig c = read("[supervisord]\r\n[program:caf\u00e9]\r\ncommand=/bin/\u00e9cho\r\npriority=1");
        assertEquals("/bin/\u00e9cho", proc(c, "caf\u00e9").command());
        assertEquals(1, proc(c, "caf\u00e9").priority());
    }

    @Test
    void lineWithoutDelimiterIsAParsingError() throws IOException {
        String msg = error("[supervisord]\nbogus line\n");
        assertEquals("Source contains parsing errors: '" + file() + "'\n\t[line  2]: 'bogus line\\n'", msg);
    }

    @Test
    void optionBeforeAnySection() throws IOException {
        String msg = error("a=1\n[supervisord]\n");
        assertEquals("File contains no section headers.\nfile: '" + file() + "', line: 1\n'a=1\\n'", msg);
    }

    // ---------------------------------------------------------------- expansions

    @Test
    void hereEnvAndPercentEscape() throws Exception {
        SupervisorConfig c = read("[supervisord]\n[program:x]\ncommand=%(here)s/run %(ENV_FOO)s 100%%\n");
        assertEquals(dir + "/run bar 100%", proc(c, "x").command());
    }

    @Test
    void supervisordEnvironmentFeedsEnvExpansionAndProgramEnvironmentWins() throws Exception {
        SupervisorConfig c = read("[supervisord]\nenvironment=FOO=\"from supervisord\",ONLY=g\n"
                + "[program:x]\ncommand=echo %(ENV_FOO)s %(ENV_ONLY)s\nenvironment=FOO='own'\n"
                + "[program:y]\ncommand=echo %(ENV_FOO)s\n");
        assertEquals("echo own g", proc(c, "x").command());
        assertEquals(Map.of("FOO", "own", "ONLY", "g"), proc(c, "x").environment());
        assertEquals(List.of("FOO", "ONLY"), List.copyOf(proc(c, "x").environment().keySet()));
        assertEquals("echo from supervisord", proc(c, "y").command());
    }

    @Test
    void processNumProgramGroupHostAndNumprocs() throws Exception {
        SupervisorConfig c = read("[supervisord]\n[program:w]\nnumprocs=3\nnumprocs_start=8\n"
                + "process_name=%(program_name)s_%(process_num)02d\n"
                + "command=run %(process_num)d/%(numprocs)d %(group_name)s %(host_node_name)s %(process_num)-3d|\n");
        List<ProcessConfig> ps = c.group("w").processes();
        assertEquals(List.of("w_08", "w_09", "w_10"), ps.stream().map(ProcessConfig::name).toList());
        assertEquals("run 8/3 w testhost 8  |", ps.get(0).command());
    }

    @Test
    void processesSortByNameAsStrings() throws Exception {
        SupervisorConfig c = read("[supervisord]\n[program:w]\nnumprocs=11\nprocess_name=%(process_num)d\ncommand=x\n");
        assertEquals("0", c.group("w").processes().get(0).name());
        assertEquals("1", c.group("w").processes().get(1).name());
        assertEquals("10", c.group("w").processes().get(2).name());
    }

    @Test
    void unknownNameListsAvailableNames() throws IOException {
        String msg = error("[supervisord]\n[program:x]\ncommand=%(nope)s\n");
        assertEquals("Format string '%(nope)s' for 'program:x.command' contains names ('nope') which cannot be "
                + "expanded. Available names: ENV_FOO, ENV_HOME, group_name, here, host_node_name, numprocs, "
                + "process_num, program_name in section 'program:x' (file: '" + file() + "')", msg);
    }

    @Test
    void badFormatCharacter() throws IOException {
        String msg = error("[supervisord]\n[program:x]\ncommand=x\nuser=%USER%\n");
        assertEquals("Format string '%USER%' for 'program:x.user' is badly formatted: unsupported format "
                + "character 'U' (0x55) at index 1 in section 'program:x' (file: '" + file() + "')", msg);
    }

    @Test
    void numericFormatOfAString() throws IOException {
        String msg = error("[supervisord]\n[program:x]\ncommand=%(ENV_FOO)d\n");
        assertTrue(msg.contains("is badly formatted: %d format: a real number is required, not str"), msg);
    }

    @Test
    void numprocsWithoutProcessNum() throws IOException {
        String msg = error("[supervisord]\n[program:x]\ncommand=x\nnumprocs=2\n");
        assertEquals("%(process_num) must be present within process_name when numprocs > 1 in section "
                + "'program:x' (file: '" + file() + "')", msg);
    }

    // ---------------------------------------------------------------- includes

    @Test
    void includeGlobsRelativeToIncludingFileSortedWithHereOfEachFile() throws Exception {
        write("conf.d/b.ini", "[program:b]\ncommand=%(here)s/b\n");
        write("conf.d/a.ini", "[program:a]\ncommand=%(here)s/a\n[include]\nfiles=nothing.ini\n");
        write("conf.d/.hidden.ini", "[program:h]\ncommand=h\n");
        SupervisorConfig c = read("[include]\nfiles = conf.d/*.ini\n    none/*.conf\n[supervisord]\n");
        assertEquals(dir + "/conf.d/a", proc(c, "a").command());
        assertEquals(dir + "/conf.d/b", proc(c, "b").command());
        assertNull(c.group("h"));
        assertEquals(List.of("Included extra file \"" + dir + "/conf.d/a.ini\" during parsing",
                "Included extra file \"" + dir + "/conf.d/b.ini\" during parsing"), c.infos());
        assertEquals(List.of("No file matches via include \"" + dir + "/none/*.conf\""), c.warnings());
    }

    @Test
    void includeWithoutFiles() throws IOException {
        assertEquals(".ini file has [include] section, but no files setting", error("[supervisord]\n[include]\n"));
    }

    @Test
    void errorInIncludedSectionNamesThatFile() throws Exception {
        Path inc = write("inc/x.conf", "[program:x]\nautostart=maybe\ncommand=x\n");
        String msg = error("[supervisord]\n[include]\nfiles=inc/x.conf\n");
        assertEquals("not a valid boolean value: 'maybe' for option 'autostart' in section 'program:x' (file: '"
                + inc + "')", msg);
    }

    @Test
    void noSupervisordSection() throws IOException {
        assertEquals(".ini file does not include supervisord section", error("[program:x]\ncommand=x\n"));
    }

    @Test
    void missingConfigFile() {
        Path p = dir.resolve("nope.conf");
        assertEquals("could not find config file " + p,
                assertThrows(ConfigException.class, () -> reader.read(p, Map.of())).getMessage());
    }

    // ---------------------------------------------------------------- [supervisord]

    @Test
    void supervisordDefaults() throws Exception {
        SupervisorConfig c = read("[supervisord]\n");
        var s = c.supervisord();
        assertEquals(dir + "/supervisord.log", s.logfile());
        assertEquals(dir + "/supervisord.pid", s.pidfile());
        assertEquals(50L * 1024 * 1024, s.logfileMaxbytes());
        assertEquals(10, s.logfileBackups());
        assertEquals(LogLevel.INFO, s.loglevel());
        assertEquals(18, s.umask());
        assertEquals(1024, s.minfds());
        assertEquals(200, s.minprocs());
        assertEquals("supervisor", s.identifier());
        assertFalse(s.nodaemon());
        assertNull(s.directory());
        assertNull(c.serverUrl());
    }

    @Test
    void supervisordValuesAndPathNormalisation() throws Exception {
        SupervisorConfig c = read("[supervisord]\nlogfile=logs/../x.log\npidfile=~/run/s.pid\nlogfile_maxbytes=1KB\n"
                + "loglevel=BLATHER\numask=0o77\nnodaemon=On\nchildlogdir=/var/log/\nuser=root\n");
        var s = c.supervisord();
        assertEquals(dir + "/x.log", s.logfile());
        assertEquals("/home/user/run/s.pid", s.pidfile());
        assertEquals(1024, s.logfileMaxbytes());
        assertEquals(LogLevel.BLATHER, s.loglevel());
        assertEquals(63, s.umask());
        assertTrue(s.nodaemon());
        assertEquals("/var/log/", s.childlogdir());
        assertEquals("root", s.user());
    }

    @Test
    void commandLineOverridesWin() throws Exception {
        Path p = write("supervisord.conf", "[supervisord]\nloglevel=debug\nlogfile=/var/a.log\numask=022\n");
        SupervisorConfig c = reader.read(p, Map.of("loglevel", "warn", "logfile", "b.log", "umask", "077",
                "nodaemon", "", "minfds", "5"));
        assertEquals(LogLevel.WARN, c.supervisord().loglevel());
        assertEquals(dir + "/b.log", c.supervisord().logfile());
        assertEquals(63, c.supervisord().umask());
        assertTrue(c.supervisord().nodaemon());
        assertEquals(5, c.supervisord().minfds());
    }

    @Test
    void badCommandLineValue() throws IOException {
        Path p = write("supervisord.conf", "[supervisord]\n");
        assertEquals("invalid value for --umask 'xyz': xyz can not be converted to an octal type",
                assertThrows(ConfigException.class, () -> reader.read(p, Map.of("umask", "xyz"))).getMessage());
    }

    @Test
    void supervisordErrorsNameOptionSectionAndFile() throws IOException {
        assertEquals("invalid literal for int() with base 10: 'lots' for option 'minfds' in section 'supervisord' "
                + "(file: '" + file() + "')", error("[supervisord]\nminfds=lots\n"));
        assertEquals("bad logging level name 'loud' for option 'loglevel' in section 'supervisord' (file: '"
                + file() + "')", error("[supervisord]\nloglevel=loud\n"));
        assertEquals("The directory named as part of the path /missing/x.log does not exist for option 'logfile' "
                + "in section 'supervisord' (file: '" + file() + "')", error("[supervisord]\nlogfile=/missing/x.log\n"));
        assertEquals("/missing is not an existing directory for option 'childlogdir' in section 'supervisord' "
                + "(file: '" + file() + "')", error("[supervisord]\nchildlogdir=/missing\n"));
        assertEquals("Invalid user name ghost", error("[supervisord]\nuser=ghost\n"));
    }

    // ---------------------------------------------------------------- servers

    @Test
    void serversAndServerUrl() throws Exception {
        SupervisorConfig c = read("[supervisord]\n[inet_http_server]\nport=*:9001\nusername=u\npassword={SHA}ab\n"
                + "[unix_http_server]\nfile=%(here)s/run/../s.sock\nchmod=0770\nchown=nobody:nogroup\n");
        assertEquals("unix://" + dir + "/s.sock", c.serverUrl());
        HttpServerConfig.Unix u = (HttpServerConfig.Unix) c.servers().get(0);
        assertEquals(dir + "/s.sock", u.file());
        assertEquals(0770, u.chmod());
        assertEquals("nobody:nogroup", u.chown());
        HttpServerConfig.Inet i = (HttpServerConfig.Inet) c.servers().get(1);
        assertEquals("", i.host());
        assertEquals(9001, i.port());
        assertEquals("{SHA}ab", i.password());
    }

    @Test
    void inetForms() throws Exception {
        assertEquals("http://localhost:9001", read("[supervisord]\n[inet_http_server]\nport=:9001\n").serverUrl());
        assertEquals("http://127.0.0.1:9002", read("[supervisord]\n[inet_http_server]\nport=127.0.0.1:9002\n").serverUrl());
        assertEquals("http://localhost:9003", read("[supervisord]\n[inet_http_server]\nport=9003\n").serverUrl());
    }

    @Test
    void serverErrors() throws IOException {
        assertEquals("section [unix_http_server] has no file value", error("[supervisord]\n[unix_http_server]\n"));
        assertEquals("section [inet_http_server] has no port value", error("[supervisord]\n[inet_http_server]\n"));
        assertTrue(error("[supervisord]\n[inet_http_server]\nport=9001\nusername=u\n")
                .startsWith("Section [inet_http_server] contains incomplete authentication"));
        assertEquals("70000 is above upper bound (65535) for option 'port' in section 'inet_http_server' (file: '"
                + file() + "')", error("[supervisord]\n[inet_http_server]\nport=h:70000\n"));
        assertEquals("Invalid chmod value 99 in section 'unix_http_server' (file: '" + file() + "')",
                error("[supervisord]\n[unix_http_server]\nfile=/tmp/s\nchmod=99\n"));
    }

    // ---------------------------------------------------------------- programs

    @Test
    void programDefaults() throws Exception {
        ProcessConfig p = proc(read("[supervisord]\n[program:x]\ncommand=x\n"), "x");
        assertEquals(999, p.priority());
        assertTrue(p.autostart());
        assertEquals(ProcessConfig.AutoRestart.UNEXPECTED, p.autorestart());
        assertEquals(1, p.startsecs());
        assertEquals(3, p.startretries());
        assertEquals("TERM", p.stopsignal());
        assertEquals(10, p.stopwaitsecs());
        assertEquals(List.of(0), p.exitcodes());
        assertEquals(LogStreamConfig.Target.AUTO, p.stdout().target());
        assertEquals(52428800, p.stdout().maxbytes());
        assertNull(p.umask());
        assertNull(p.user());
        assertNull(p.serverurl());
    }

    @Test
    void programDatatypes() throws Exception {
        ProcessConfig p = proc(read("[supervisord]\n[program:x]\ncommand=x\nautorestart=true\nstopsignal=sigquit\n"
                + "exitcodes=0, 2\nstopasgroup=yes\numask=002\nstdout_logfile=NONE\nstderr_logfile=/var/log/x.err\n"
                + "stdout_logfile_maxbytes=2GB\nstderr_capture_maxbytes=1MB\nuser=nobody\nserverurl=AUTO\n"), "x");
        assertEquals(ProcessConfig.AutoRestart.TRUE, p.autorestart());
        assertEquals("QUIT", p.stopsignal());
        assertEquals(List.of(0, 2), p.exitcodes());
        assertTrue(p.killasgroup());
        assertEquals(2, p.umask());
        assertEquals(LogStreamConfig.Target.NONE, p.stdout().target());
        assertEquals(2L * 1024 * 1024 * 1024, p.stdout().maxbytes());
        assertEquals(LogStreamConfig.Target.FILE, p.stderr().target());
        assertEquals("/var/log/x.err", p.stderr().path());
        assertEquals(1048576, p.stderr().captureMaxbytes());
        assertEquals("nobody", p.user());
        assertNull(p.serverurl());
        assertEquals("KILL", proc(read("[supervisord]\n[program:x]\ncommand=x\nstopsignal=9\n"), "x").stopsignal());
    }

    @Test
    void syslogLogfileAndRedirectWarnings() throws Exception {
        SupervisorConfig c = read("[supervisord]\n[program:x]\ncommand=x\nstdout_logfile=syslog\n"
                + "redirect_stderr=true\nstderr_logfile=/tmp/e\nstderr_logfile_maxbytes=0\n");
        ProcessConfig p = proc(c, "x");
        assertTrue(p.stdout().syslog());
        assertEquals(LogStreamConfig.Target.NONE, p.stdout().target());
        assertEquals(LogStreamConfig.Target.NONE, p.stderr().target());
        assertEquals(2, c.warnings().size());
        assertTrue(c.warnings().get(1).contains("redirect_stderr=true but stderr_logfile has also been set"));
    }

    @Test
    void programErrorsNameOptionSectionAndFile() throws IOException {
        String where = " in section 'program:x' (file: '" + file() + "')";
        assertEquals("program section program:x does not specify a command" + where, error("[supervisord]\n[program:x]\n"));
        assertEquals("value 'BOGUS' is not a valid signal name for option 'stopsignal'" + where,
                error("[supervisord]\n[program:x]\ncommand=x\nstopsignal=BOGUS\n"));
        assertEquals("not a valid list of exit codes: '0,256' for option 'exitcodes'" + where,
                error("[supervisord]\n[program:x]\ncommand=x\nexitcodes=0,256\n"));
        assertEquals("invalid 'autorestart' value 'sometimes' for option 'autorestart'" + where,
                error("[supervisord]\n[program:x]\ncommand=x\nautorestart=sometimes\n"));
        assertEquals("Cannot set stopasgroup=true and killasgroup=false" + where,
                error("[supervisord]\n[program:x]\ncommand=x\nstopasgroup=true\nkillasgroup=false\n"));
        assertEquals("Invalid user name ghost" + where, error("[supervisord]\n[program:x]\ncommand=x\nuser=ghost\n"));
        assertEquals("Unexpected end of key/value pairs in value 'A=1 B=2' for option 'environment'" + where,
                error("[supervisord]\n[program:x]\ncommand=x\nenvironment=A=1 B=2\n"));
        assertEquals("invalid literal for int() with base 10: '5x' for option 'stdout_logfile_maxbytes'" + where,
                error("[supervisord]\n[program:x]\ncommand=x\nstdout_logfile_maxbytes=5XMB\n"));
    }

    // ---------------------------------------------------------------- groups and ordering

    @Test
    void heterogeneousGroupKeepsProgramsOrderAndGroupsSortByPriorityThenName() throws Exception {
        SupervisorConfig c = read("[supervisord]\n[program:b]\ncommand=b\n[program:a]\ncommand=a\n"
                + "[program:solo]\ncommand=s\npriority=1\n[group:g]\nprograms=b, a\npriority=5\n"
                + "[eventlistener:l]\ncommand=l\nevents=tick_60,PROCESS_STATE\n");
        assertEquals(List.of("l", "solo", "g"), c.groups().stream().map(ProcessGroupConfig::name).toList());
        ProcessGroupConfig g = c.group("g");
        assertTrue(g.heterogeneous());
        assertEquals(List.of("b", "a"), g.processes().stream().map(ProcessConfig::name).toList());
        ProcessGroupConfig l = c.group("l");
        assertEquals(-1, l.priority());
        assertEquals(List.of("PROCESS_STATE", "TICK_60"), List.copyOf(l.listener().events()));
        assertEquals("supervisor.dispatchers:default_handler", l.listener().resultHandler());
    }

    @Test
    void groupErrors() throws IOException {
        assertEquals("[group:g] names unknown program or fcgi-program nope (file: '" + file() + "')",
                error("[supervisord]\n[group:g]\nprograms=nope\n"));
        assertTrue(error("[supervisord]\n[eventlistener:l]\ncommand=l\nevents=NOPE\n")
                .startsWith("Unknown event type NOPE in [eventlistener:l] events"));
        assertTrue(error("[supervisord]\n[eventlistener:l]\ncommand=l\n")
                .startsWith("[eventlistener:l] section requires an \"events\" line"));
    }

    @Test
    void fcgiProgram() throws Exception {
        SupervisorConfig c = read("[supervisord]\n[fcgi-program:f]\ncommand=f\nsocket=unix:///run/%(program_name)s.sock\n"
                + "socket_owner=www:www\nsocket_backlog=5\nprocess_name=f%(process_num)d\nnumprocs=2\n"
                + "[fcgi-program:t]\ncommand=t\nsocket=tcp://LocalHost:8000\n");
        ProcessGroupConfig f = c.group("f");
        assertEquals("unix:///run/f.sock", f.socket().socket());
        assertEquals(0700, f.socket().socketMode());
        assertEquals(5, f.socket().socketBacklog());
        assertEquals("www:www", f.socket().socketOwner());
        assertEquals(2, f.processes().size());
        assertEquals("tcp://localhost:8000", c.group("t").socket().socket());
        assertNull(c.group("t").socket().socketMode());
        assertEquals("('Bad socket format %s', 'udp://x') in [fcgi-program:t] socket (file: '" + file() + "')",
                error("[supervisord]\n[fcgi-program:t]\ncommand=t\nsocket=udp://x\n"));
    }

    @Test
    void rpcInterfaceFactoriesAreRecordedNotImported() throws Exception {
        SupervisorConfig c = read("[supervisord]\n[rpcinterface:supervisor]\n"
                + "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n"
                + "[rpcinterface:other]\nsupervisor.rpcinterface_factory = some.module:make\nretries = 3\n");
        assertEquals("supervisor.rpcinterface:make_main_rpcinterface", c.rpcInterfaces().get(0).factory());
        assertEquals("some.module:make", c.rpcInterfaces().get(1).factory());
        assertEquals(Map.of("retries", "3"), c.rpcInterfaces().get(1).options());
        assertTrue(error("[supervisord]\n[rpcinterface:x]\nkey=1\n")
                .startsWith("section [rpcinterface:x] does not specify a supervisor.rpcinterface_factory"));
    }

    // ---------------------------------------------------------------- small pieces

    @Test
    void keyValuePairs() {
        assertEquals(Map.of("A", "1", "B", "x, y", "C", "q"), Datatypes.keyValuePairs("A=1,B=\"x, y\",C='q'"));
        assertEquals(Map.of("P", "/a/b:$PATH"), Datatypes.keyValuePairs("P='/a/b:$PATH'"));
        assertEquals(Map.of(), Datatypes.keyValuePairs(""));
    }

    @Test
    void pythonGlob() throws IOException {
        write("g/a1.conf", "");
        write("g/b2.conf", "");
        write("g/.c3.conf", "");
        write("g/x.txt", "");
        assertEquals(List.of(dir + "/g/a1.conf", dir + "/g/b2.conf"), PyGlob.globStrings(dir + "/g/*.conf"));
        assertEquals(List.of(dir + "/g/a1.conf"), PyGlob.globStrings(dir + "/g/[a]?.conf"));
        assertEquals(List.of(dir + "/g/b2.conf"), PyGlob.globStrings(dir + "/g/[!a]*.conf"));
        assertEquals(List.of(dir + "/g/.c3.conf"), PyGlob.globStrings(dir + "/g/.*.conf"));
        assertEquals(List.of(dir + "/./g/x.txt"), PyGlob.globStrings(dir + "/./g/x.txt"));
        assertEquals(List.of(), PyGlob.globStrings(dir + "/nowhere/*"));
    }

    @Test
    void systemEnvironmentLooksReal() {
        ConfigEnvironment sys = ConfigEnvironment.system();
        assertFalse(sys.hostname().isEmpty());
        assertTrue(sys.userExists().test("root"));
        assertTrue(sys.userExists().test("0"));
        assertFalse(sys.userExists().test("no-such-user-here"));
        assertTrue(sys.isDirectory().test(Path.of("/")));
    }

    @Test
    void aHugeFormatWidthIsAConfigErrorAsInPython() throws IOException {
        // Python: ValueError: width too big (found by ConfigReaderFuzzTest as a NumberFormatException)
        assertTrue(error("[supervisord]\n[program:x]\ncommand=echo %(program_name)99999999999999999999s\n")
                .contains("width too big"));
        assertTrue(error("[supervisord]\n[program:x]\ncommand=echo %(program_name)s.%(program_name).99999999s\n")
                .contains("precision too big"));
    }
}
