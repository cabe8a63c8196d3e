package io.jsupervisor.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The .deb and what it carries, checked with Debian's own tools where the machine has them
 * (dpkg-deb, lintian, systemd-analyze, man): each check that needs a missing tool is skipped,
 * saying so.
 */
class DebPackageIT {
    private static final Path TARGET = Path.of(System.getProperty("jsupervisor.dist", "target/jsupervisor"))
            .toAbsolutePath().getParent();
    private static final Path SOURCES = TARGET.getParent().resolve("src");

    record Result(int status, String out, String err) {}

    static Result run(List<String> command) throws IOException, InterruptedException {
        return run(command, 120);
    }

    static Result run(List<String> command, long seconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        var errBytes = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return p.getErrorStream().readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
        var out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), () -> "timed out: " + command);
        var err = errBytes.join();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    static boolean has(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    static Path deb() throws IOException {
        try (Stream<Path> s = Files.list(TARGET)) {
            return s.filter(p -> p.getFileName().toString().matches("jsupervisor_.*_amd64\\.deb")).findFirst()
                    .orElseThrow(() -> new AssertionError("no .deb in " + TARGET));
        }
    }

    @Test
    void theControlFileMakesItADropInForDebiansSupervisor() throws Exception {
        assumeTrue(has("dpkg-deb"), "dpkg-deb is not installed");
        Result info = run(List.of("dpkg-deb", "-f", deb().toString()));
        assertEquals(0, info.status(), info.err());
        for (String field : List.of("Package: jsupervisor", "Provides: supervisor", "Conflicts: supervisor",
                "Replaces: supervisor", "Architecture: amd64")) {
            assertTrue(info.out().contains(field + "\n"), () -> "no " + field + " in\n" + info.out());
        }
        assertTrue(!info.out().contains("java") && !info.out().contains("jre"), "depends on no Java:\n" + info.out());
        Result conffiles = run(List.of("dpkg-deb", "--ctrl-tarfile", deb().toString()));
        assertEquals(0, conffiles.status());
        System.out.println("deb: " + deb().getFileName() + " " + Files.size(deb()) / (1024 * 1024) + " MiB, "
                + info.out().lines().filter(l -> l.startsWith("Installed-Size")).findFirst().orElse("?") + " KiB");
    }

    @Test
    void itInstallsTheCommandsTheConfigTheUnitAndTheirDocumentation() throws Exception {
        assumeTrue(has("dpkg-deb"), "dpkg-deb is not installed");
        Result contents = run(List.of("dpkg-deb", "-c", deb().toString()));
        assertEquals(0, contents.status(), contents.err());
        List<String> paths = new ArrayList<>();
        Matcher m = Pattern.compile("\\./(\\S+)( -> (\\S+))?$", Pattern.MULTILINE).matcher(contents.out());
        while (m.find()) {
            paths.add("/" + m.group(1) + (m.group(3) == null ? "" : " -> " + m.group(3)));
        }
        for (String expected : List.of(
                "/usr/bin/supervisord -> ../lib/jsupervisor/bin/supervisord",
                "/usr/bin/supervisorctl -> ../lib/jsupervisor/bin/supervisorctl",
                "/usr/bin/echo_supervisord_conf -> ../lib/jsupervisor/bin/echo_supervisord_conf",
                "/usr/bin/pidproxy -> ../lib/jsupervisor/bin/pidproxy",
                "/usr/lib/jsupervisor/runtime/bin/java",
                "/usr/lib/jsupervisor/deploy -> /var/lib/jsupervisor/deploy",
                "/var/lib/jsupervisor/deploy/", "/etc/supervisor/conf.d/", "/var/log/supervisor/",
                "/etc/supervisor/supervisord.conf", "/lib/systemd/system/supervisor.service",
                "/etc/logrotate.d/jsupervisor", "/usr/share/bash-completion/completions/supervisorctl",
                "/usr/share/man/man8/supervisord.8.gz", "/usr/share/man/man1/supervisorctl.1.gz",
                "/usr/share/man/man1/echo_supervisord_conf.1.gz", "/usr/share/man/man1/pidproxy.1.gz",
                "/usr/share/doc/jsupervisor/copyright")) {
            assertTrue(paths.contains(expected), () -> "the .deb lacks " + expected);
        }
        // the packaged config: Debian's shape, and programs from conf.d
        String conf = Files.readString(SOURCES.resolve("deb/etc/supervisor/supervisord.conf"));
        for (String line : List.of("file=/var/run/supervisor.sock", "logfile=/var/log/supervisor/supervisord.log",
                "childlogdir=/var/log/supervisor", "files = /etc/supervisor/conf.d/*.conf")) {
            assertTrue(conf.contains(line), "supervisord.conf lacks " + line);
        }
    }

    @Test
    void lintianFindsNoError() throws Exception {
        assumeTrue(has("lintian"), "lintian is not installed");
        Result r = run(List.of("lintian", "--tag-display-limit", "0", deb().toString()));
        List<String> errors = r.out().lines().filter(l -> l.startsWith("E: ")).toList();
        r.out().lines().filter(l -> l.startsWith("W: ")).map(l -> "lintian: " + l)
                .filter(l -> !l.contains("jar-not-in-usr-share")).forEach(System.out::println);
        System.out.println("lintian: " + errors.size() + " errors, "
                + r.out().lines().filter(l -> l.startsWith("W: ")).count() + " warnings");
        assertEquals(List.of(), errors);
    }

    @Test
    void systemdAcceptsTheUnit() throws Exception {
        assumeTrue(has("systemd-analyze"), "systemd-analyze is not installed");
        Path unit = SOURCES.resolve("deb/systemd/supervisor.service");
        String text = Files.readString(unit);
        assertTrue(text.contains("Type=notify\n") && text.contains("Alias=jsupervisor.service\n"));
        // verify checks that ExecStart's program exists: point it at the built tree
        Path copy = Files.createTempDirectory("unit").resolve("supervisor.service");
        Files.writeString(copy, text.replace("/usr/bin/supervisord",
                TARGET.resolve("jsupervisor/bin/supervisord").toString()));
        Result r = run(List.of("systemd-analyze", "verify", "--man=no", copy.toString()));
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals("", r.err().strip(), "systemd-analyze complained");
    }

    @Test
    void theManPagesRenderWithoutWarningsAndNameEveryOption() throws Exception {
        assumeTrue(has("man") && has("groff"), "man or groff is not installed");
        Path man = TARGET.resolve("man"); // written by the build from platform/*/src/main/man
        for (String page : List.of("supervisord.8", "supervisorctl.1", "echo_supervisord_conf.1", "pidproxy.1")) {
            ProcessBuilder pb = new ProcessBuilder("man", "--warnings", "-l", man.resolve(page).toString());
            pb.environment().put("MANWIDTH", "80");
            pb.environment().put("LC_ALL", "C.UTF-8");
            pb.environment().put("MANPAGER", "cat");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), err);
            assertEquals("", err, page + " renders with warnings");
            assertTrue(out.contains("NAME") && out.contains("SEE ALSO"), page);
        }
        // every option that -h lists is in the page (the help text is the source of the options)
        String roff = Files.readString(man.resolve("supervisord.8")).replace("\\-", "-");
        Result help = run(List.of(TARGET.resolve("jsupervisor/bin/supervisord").toString(), "-h"));
        Matcher m = Pattern.compile("(?m)^(-\\w)?/?(--\\w+)").matcher(help.out());
        int options = 0;
        while (m.find()) {
            options++;
            assertTrue(roff.contains(m.group(2)), "supervisord.8 lacks " + m.group(2));
        }
        assertTrue(options >= 20, "read " + options + " options from -h:\n" + help.out());
        String ctl = Files.readString(man.resolve("supervisorctl.1")).replace("\\-", "-");
        Result ctlHelp = run(List.of(TARGET.resolve("jsupervisor/bin/supervisorctl").toString(), "-h"));
        Matcher c = Pattern.compile("(?m)^-\\w/(--[\\w-]+)").matcher(ctlHelp.out());
        while (c.find()) {
            assertTrue(ctl.contains(c.group(1)), "supervisorctl.1 lacks " + c.group(1));
        }
    }

    @Test
    void theTreeRunsOnItsOwnRuntime() throws Exception {
        Path java = TARGET.resolve("jsupervisor/runtime/bin/java");
        assertTrue(Files.isExecutable(java), "no runtime in the tree");
        Result modules = run(List.of(java.toString(), "--list-modules"));
        assertTrue(modules.out().contains("java.base@") && !modules.out().contains("java.desktop"), modules.out());
        // what bin/supervisord would run: not the JDK's java, whatever JAVA_HOME says
        Result v = run(List.of("env", "-u", "JAVA", "JAVA_HOME=/nonexistent",
                TARGET.resolve("jsupervisor/bin/supervisord").toString(), "-v"));
        assertEquals(0, v.status(), v.err());
        assertEquals("4.2.5\n", v.out());
        long size;
        try (Stream<Path> s = Files.walk(java.getParent().getParent())) {
            size = s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        System.out.println("runtime: " + size / (1024 * 1024) + " MiB installed");
    }
}
