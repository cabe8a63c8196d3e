package io.jsupervisor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jsupervisor.api.config.ConfigException;
import io.jsupervisor.api.config.SupervisorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** depends_on across a whole config: every name known, no cycles. */
class DependencyGraphTest {
    @TempDir
    Path dir;

    private final ConfigReader reader = new ConfigReader(ConfigEnvironment.system());

    private Path write(String sections) throws IOException {
        Path p = dir.resolve("supervisord.conf");
        Files.writeString(p, "[supervisord]\nlogfile=" + dir.resolve("s.log") + "\n" + sections);
        return p;
    }

    private SupervisorConfig read(String sections) throws Exception {
        return reader.read(write(sections), Map.of());
    }

    private String error(String sections) throws IOException {
        Path p = write(sections);
        return assertThrows(ConfigException.class, () -> reader.read(p, Map.of())).getMessage();
    }

    private String inFile() {
        return " (file: '" + dir.resolve("supervisord.conf") + "')";
    }

    private static String program(String name, String dependsOn) {
        return "[program:" + name + "]\ncommand=/bin/true\n" + (dependsOn == null ? "" : "depends_on=" + dependsOn + "\n");
    }

    @Test
    void aChainIsAccepted() throws Exception {
        SupervisorConfig c = read(program("db", null) + program("app", "db") + program("web", "app, db"));
        assertEquals(List.of("app", "db"), c.group("web").processes().get(0).readiness().dependsOn());
        assertEquals(List.of("db"), c.group("app").processes().get(0).readiness().dependsOn());
    }

    @Test
    void groupsProcessesAndPoolMembersAreNames() throws Exception {
        read("[group:backend]\nprograms=db,cache\n" + program("db", null)
                + "[program:cache]\ncommand=/bin/true\nnumprocs=2\nprocess_name=cache_%(process_num)d\n"
                + "[fcgi-program:php]\ncommand=/bin/true\nsocket=tcp://localhost:9000\ndepends_on=backend:db\n"
                + "[eventlistener:mon]\ncommand=/bin/true\nevents=TICK_5\n"
                + program("web", "backend:cache_1 backend:* backend backend: php mon"));
    }

    @Test
    void anUnknownNameIsAnError() throws IOException {
        assertEquals("[program:web] depends_on: no group or process named 'dbx'" + inFile(),
                error(program("db", null) + program("web", "db, dbx")));
        assertEquals("[program:web] depends_on: no group or process named 'db:db_2'" + inFile(),
                error(program("db", null) + program("web", "db:db_2")));
    }

    @Test
    void aProgramInAGroupIsNotAGroupOfItsOwn() throws IOException {
        assertEquals("[program:web] depends_on: no group or process named 'db'" + inFile(),
                error("[group:backend]\nprograms=db\n" + program("db", null) + program("web", "db")));
        assertEquals("[program:web] depends_on: no group or process named 'db:*'" + inFile(),
                error("[group:backend]\nprograms=db\n" + program("db", null) + program("web", "db:*")));
    }

    @Test
    void theSectionOfAGroupMemberIsNamed() throws IOException {
        assertEquals("[program:api] depends_on: no group or process named 'nope'" + inFile(),
                error("[group:backend]\nprograms=api\n" + program("api", "nope")));
    }

    @Test
    void aCycleOfThreeIsAnError() throws IOException {
        assertEquals("[program:app] depends_on: a cycle: app -> web -> db -> app" + inFile(),
                error(program("db", "app") + program("app", "web") + program("web", "db")));
    }

    @Test
    void aPoolDependingOnItsOwnGroupIsACycle() throws IOException {
        assertEquals("[program:pool] depends_on: a cycle: pool:pool_0 -> pool:pool_0" + inFile(),
                error("[program:pool]\ncommand=/bin/true\nnumprocs=2\nprocess_name=pool_%(process_num)d\n"
                        + "depends_on=pool\n"));
        assertEquals("[program:db] depends_on: a cycle: db -> db" + inFile(), error(program("db", "db:*")));
    }

    @Test
    void aCycleThroughAGroupIsAnError() throws IOException {
        assertEquals("[program:db] depends_on: a cycle: backend:db -> backend:api -> backend:db" + inFile(),
                error("[group:backend]\nprograms=db,api\n" + program("db", "backend:api") + program("api", "backend")));
    }
}
