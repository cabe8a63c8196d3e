package io.jsupervisor.distribution;

import static io.jsupervisor.distribution.DistTree.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jsupervisor.distribution.DebPackageIT.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OCI image that src/oci/build-image makes with umoci (no container engine), started with
 * runc: supervisord is PID 1, runs a program from a mounted conf.d, answers supervisorctl inside
 * the container, and TERM stops it. Skipped, saying why, without root, umoci or runc.
 */
class ContainerImageIT {
    private static final Path DIST = Path.of(System.getProperty("jsupervisor.dist", "target/jsupervisor"))
            .toAbsolutePath();
    private static final String ID = "jsupervisor-it-" + ProcessHandle.current().pid();

    @TempDir
    Path tmp;

    private boolean created;

    @AfterEach
    void tearDown() throws Exception {
        if (created) {
            DebPackageIT.run(List.of("runc", "kill", ID, "KILL"));
            DebPackageIT.run(List.of("runc", "delete", "--force", ID));
        }
    }

    private static Result run(String... command) throws Exception {
        return DebPackageIT.run(List.of(command));
    }

    @Test
    void theImageRunsSupervisordAsPid1AndStopsOnTerm() throws Exception {
        assumeTrue(DebPackageIT.has("umoci"), "umoci is not installed");
        Path minbase = MinbaseRoot.tarball();
        Path out = tmp.resolve("oci");
        long t0 = System.nanoTime();
        Result built = DebPackageIT.run(List.of(DIST.getParent().getParent().resolve("src/oci/build-image").toString(),
                DebPackageIT.deb().toString(), minbase.toString(), out.toString()), 600);
        assertEquals(0, built.status(), built.out() + built.err());
        System.out.printf("container: %s in %.0f s%n", built.out().lines().filter(l -> l.startsWith("image:"))
                .findFirst().orElse("?"), (System.nanoTime() - t0) / 1e9);
        assertTrue(Files.size(out.resolve("jsupervisor-oci.tar")) > 0);

        assumeTrue(DebPackageIT.has("runc"), "runc is not installed: the image is built but not started");
        Path bundle = tmp.resolve("bundle");
        Result unpacked = run("umoci", "unpack", "--image", out.resolve("layout") + ":latest", bundle.toString());
        assertEquals(0, unpacked.status(), unpacked.err());
        Path confd = Files.createDirectories(tmp.resolve("conf.d"));
        Files.writeString(confd.resolve("hello.conf"),
                "[program:hello]\ncommand=/bin/sh -c \"echo started; exec sleep 1000\"\nstartsecs=0\n");
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = (ObjectNode) json.readTree(bundle.resolve("config.json").toFile());
        ((ObjectNode) config.get("process")).put("terminal", false);
        ObjectNode mount = ((ArrayNode) config.get("mounts")).addObject();
        mount.put("destination", "/etc/supervisor/conf.d").put("type", "bind").put("source", confd.toString());
        mount.putArray("options").add("rbind").add("ro");
        json.writeValue(bundle.resolve("config.json").toFile(), config);

        Path output = tmp.resolve("container.out");
        Process runc = new ProcessBuilder("runc", "run", "--detach", "--bundle", bundle.toString(), ID)
                .redirectOutput(output.toFile()).redirectErrorStream(true).start();
        created = true;
        assertTrue(runc.waitFor(60, TimeUnit.SECONDS));
        assumeTrue(runc.exitValue() == 0, () -> "runc cannot start containers here: " + read(output));
        await("hello RUNNING in the container", 60, () -> status().startsWith("hello"));
        assertTrue(status().matches("hello\\s+RUNNING\\s+pid \\d+, uptime .*\n"), status());
        Result pid1 = run("runc", "exec", ID, "/bin/sh", "-c", "cat /proc/1/cmdline | tr '\\0' ' '");
        assertTrue(pid1.out().contains("io.jsupervisor.platform.supervisord.Supervisord -n -c"),
                "PID 1 is " + pid1.out());

        assertEquals(0, run("runc", "kill", ID, "TERM").status());
        await("the container to stop", 60, () -> state().contains("\"stopped\""));
        String said = read(output);
        assertTrue(said.contains("stopped: hello (terminated by SIGTERM)"), said);
        System.out.printf("container: hello RUNNING, supervisorctl answered, TERM stopped it%n");
    }

    private static String status() {
        try {
            return run("runc", "exec", ID, "/usr/bin/supervisorctl", "status").out();
        } catch (Exception e) {
            return "";
        }
    }

    private static String state() {
        try {
            return run("runc", "state", ID).out();
        } catch (Exception e) {
            return "";
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }
}
