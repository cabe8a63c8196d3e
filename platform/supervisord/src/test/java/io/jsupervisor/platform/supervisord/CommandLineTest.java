package io.jsupervisor.platform.supervisord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandLineTest {
    /** /d and /d/sub exist; nothing else does. */
    private final CommandLine cl = new CommandLine(p -> Set.of(Path.of("/d"), Path.of("/home/me")).contains(p), "/home/me");

    private CommandLine.Parsed parse(String... args) throws CommandLine.UsageError {
        return cl.parse(List.of(args));
    }

    private String error(String... args) {
        return assertThrows(CommandLine.UsageError.class, () -> parse(args)).getMessage();
    }

    @Test
    void everyOptionMapsToItsOverride() throws Exception {
        CommandLine.Parsed p = parse("-c", "x.conf", "-n", "-s", "-u", "bob", "-m", "077", "-d", "/d", "-l", "/d/log",
                "-y", "5MB", "-z", "3", "-e", "debug", "-j", "/d/pid", "-i", "ident", "-q", "/d", "-k", "-a", "100",
                "-t", "--minprocs", "20");
        assertEquals(CommandLine.Action.RUN, p.action());
        assertEquals("x.conf", p.configFile());
        assertEquals(Map.ofEntries(Map.entry("nodaemon", "true"), Map.entry("silent", "true"),
                Map.entry("user", "bob"), Map.entry("umask", "077"), Map.entry("directory", "/d"),
                Map.entry("logfile", "/d/log"), Map.entry("logfile_maxbytes", "5MB"),
                Map.entry("logfile_backups", "3"), Map.entry("loglevel", "debug"), Map.entry("pidfile", "/d/pid"),
                Map.entry("identifier", "ident"), Map.entry("childlogdir", "/d"), Map.entry("nocleanup", "true"),
                Map.entry("minfds", "100"), Map.entry("strip_ansi", "true"), Map.entry("minprocs", "20")),
                p.overrides());
        assertNull(p.profileOptions());
    }

    @Test
    void longOptionsWithEqualsAndSeparateValuesAndPrefixes() throws Exception {
        CommandLine.Parsed p = parse("--configuration=a.conf", "--nodaemon", "--user", "bob", "--umask=022",
                "--directory=/d", "--logfile", "/d/x", "--logfile_maxbytes=1kb", "--logfile_b=2",
                "--loglevel=WARN", "--pidfile=p", "--identifier=i", "--childlogdir=/d", "--nocl", "--minf=5",
                "--minp=6", "--strip", "--silent");
        assertEquals("a.conf", p.configFile());
        assertEquals("2", p.overrides().get("logfile_backups"));
        assertEquals("true", p.overrides().get("nocleanup"));
        assertEquals("5", p.overrides().get("minfds"));
        assertEquals("6", p.overrides().get("minprocs"));
        assertEquals("true", p.overrides().get("strip_ansi"));
        assertEquals("p", p.overrides().get("pidfile"));
        assertEquals(17, p.overrides().size() + 1);
    }

    @Test
    void containerIsAWholeWordFlagThatLeavesTheReferencesAbbreviationsAlone() throws Exception {
        assertEquals(Map.of("container_mode", "true"), parse("--container").overrides());
        assertEquals("x.conf", parse("--con=x.conf").configFile(), "--con is --configuration, as in the reference");
    }

    @Test
    void clusteredShortOptionsAndAttachedValues() throws Exception {
        CommandLine.Parsed p = parse("-nkt", "-cfile.conf", "-se", "info", "-m027");
        assertEquals("file.conf", p.configFile());
        assertEquals(Map.of("nodaemon", "true", "nocleanup", "true", "strip_ansi", "true", "silent", "true",
                "loglevel", "info", "umask", "027"), p.overrides());
        assertEquals("x", parse("-nc", "x").configFile());
        assertEquals("/home/me", parse("-d", "~").overrides().get("directory"), "~ expands");
    }

    @Test
    void helpAndVersionAndDoubleDash() throws Exception {
        assertEquals(CommandLine.Action.HELP, parse("-h").action());
        assertEquals(CommandLine.Action.HELP, parse("-?").action());
        assertEquals(CommandLine.Action.HELP, parse("--he").action());
        assertEquals(CommandLine.Action.VERSION, parse("-v").action());
        assertEquals(CommandLine.Action.VERSION, parse("--vers").action());
        assertEquals(CommandLine.Action.HELP, parse("-hv").action());
        assertEquals(CommandLine.Action.VERSION, parse("-vh").action());
        assertEquals(CommandLine.Action.HELP, parse("-h", "-m", "bad").action());
        assertEquals(Map.of("nodaemon", "true"), parse("-n", "--").overrides());
        assertEquals("profile", parse("--profile_options=profile").profileOptions());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-x | option -x not recognized",
        "-: | option -: not recognized",
        "--foo | option --foo not recognized",
        "--no | option --no not a unique prefix",
        "--n | option --n not a unique prefix",
        "-c | option -c requires argument",
        "--conf | option --configuration requires argument",
        "--nodaemon=1 | option --nodaemon must not have an argument",
        "-m abc | invalid value for -m 'abc': abc can not be converted to an octal type",
        "-m 9 | invalid value for -m '9': 9 can not be converted to an octal type",
        "-y 1XB | invalid value for -y '1XB': invalid literal for int() with base 10: '1xb'",
        "-y kb | invalid value for -y 'kb': invalid literal for int() with base 10: ''",
        "-e bogus | invalid value for -e 'bogus': bad logging level name 'bogus'",
        "-a x | invalid value for -a 'x': invalid literal for int() with base 10: 'x'",
        "--minprocs=x | invalid value for --minprocs 'x': invalid literal for int() with base 10: 'x'",
        "-z 1.5 | invalid value for -z '1.5': invalid literal for int() with base 10: '1.5'",
        "-n -n | conflicting command line option '-n'",
        "-c a --configuration b | conflicting command line option '--configuration'",
        "-d /nonexist | invalid value for -d '/nonexist': /nonexist is not an existing directory",
        "-q /nonexist | invalid value for -q '/nonexist': /nonexist is not an existing directory",
        "-l /nonexist/x.log | invalid value for -l '/nonexist/x.log': The directory named as part of the path /nonexist/x.log does not exist",
        "-j /nonexist/x.pid | invalid value for -j '/nonexist/x.pid': The directory named as part of the path /nonexist/x.pid does not exist",
        "positional | positional arguments are not supported: ['positional']",
        "-n a b | positional arguments are not supported: ['a', 'b']",
        "- | positional arguments are not supported: ['-']",
    })
    void badCommandLinesGiveTheReferenceMessage(String args, String message) {
        assertEquals(message, error(args.strip().split(" +")));
    }

    @Test
    void valuesPythonAccepts() throws Exception {
        assertEquals(" 12 ", parse("-a", " 12 ").overrides().get("minfds"));
        assertEquals("0o22", parse("-m", "0o22").overrides().get("umask"));
        assertEquals("-5", parse("-z", "-5").overrides().get("logfile_backups"));
        assertEquals("relative.log", parse("-l", "relative.log").overrides().get("logfile"));
        // Python's int() strips Unicode spaces and reads any decimal digit (supervisord 4.2.5 takes these)
        assertEquals("\u00a012", parse("--minfds=\u00a012").overrides().get("minfds"));
        assertEquals("\u00a0\u0667", parse("--umask=\u00a0\u0667").overrides().get("umask"));
    }

    @Test
    void usageErrorsGoToStderrWithExitTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = Supervisord.launch("/x/bin/supervisord", List.of("-x"), new PrintStream(out), new PrintStream(err));
        assertEquals(2, rc);
        assertEquals("Error: option -x not recognized\nFor help, use /x/bin/supervisord -h\n",
                err.toString(StandardCharsets.UTF_8));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void profileOptionsAreRefusedClearly() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Supervisord.launch("sd", List.of("--profile_options=cumulative", "-c", "/dev/null"),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        assertEquals(2, rc);
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("Error: --profile_options is not supported"));
    }

    @Test
    void versionAndHelpLayout() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, Supervisord.launch("sd", List.of("-v"), new PrintStream(out), System.err));
        assertEquals("4.2.5\n", out.toString(StandardCharsets.UTF_8));

        out.reset();
        assertEquals(0, Supervisord.launch("/usr/local/bin/sd", List.of("--help"), new PrintStream(out), System.err));
        String help = out.toString(StandardCharsets.UTF_8);
        List<String> lines = help.lines().toList();
        assertEquals("supervisord -- run a set of applications as daemons.", lines.get(0));
        assertEquals("", lines.get(1));
        assertEquals("Usage: /usr/local/bin/sd [options]", lines.get(2));
        assertEquals("", lines.get(3));
        assertEquals("Options:", lines.get(4));
        assertTrue(help.endsWith("\n\n"), "a blank line ends the help, as in the reference");
        // every option of the reference, in its order, each at the start of a line
        String[] starts = {"-c/--configuration FILENAME -- ", "-n/--nodaemon -- ", "-s/--silent -- ",
            "-h/--help -- ", "-v/--version -- ", "-u/--user USER -- ", "-m/--umask UMASK -- ",
            "-d/--directory DIRECTORY -- ", "-l/--logfile FILENAME -- ", "-y/--logfile_maxbytes BYTES -- ",
            "-z/--logfile_backups NUM -- ", "-e/--loglevel LEVEL -- ", "-j/--pidfile FILENAME -- ",
            "-i/--identifier STR -- ", "-q/--childlogdir DIRECTORY -- ", "-k/--nocleanup --  ",
            "-a/--minfds NUM -- ", "-t/--strip_ansi -- ", "--minprocs NUM  -- ", "--profile_options OPTIONS -- "};
        int at = 5;
        for (String s : starts) {
            while (at < lines.size() && !lines.get(at).startsWith(s)) {
                assertTrue(lines.get(at).startsWith(" "), "unexpected line " + lines.get(at));
                at++;
            }
            assertTrue(at < lines.size(), "missing " + s);
            at++;
        }
    }
}
