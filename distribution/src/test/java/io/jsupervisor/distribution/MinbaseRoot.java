package io.jsupervisor.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jsupervisor.distribution.DebPackageIT.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A Debian bookworm minbase root for the package tests, made once with debootstrap and kept as
 * a tarball under /var/cache (a few minutes the first time). Each test unpacks its own copy.
 * A test that cannot have one (not root, no debootstrap, no network) is skipped, saying why.
 */
final class MinbaseRoot {
    static final Path CACHE = Path.of("/var/cache/jsupervisor-tests/bookworm-minbase.tar");

    private MinbaseRoot() {}

    /** The cached tarball, made first if need be. */
    static synchronized Path tarball() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for chroot and unshare");
        assumeTrue(DebPackageIT.has("unshare") && DebPackageIT.has("chroot"), "unshare or chroot is missing");
        if (!Files.exists(CACHE)) {
            assumeTrue(DebPackageIT.has("debootstrap"), "debootstrap is not installed");
            Files.createDirectories(CACHE.getParent());
            Path build = Files.createTempDirectory(CACHE.getParent(), "root");
            long t0 = System.nanoTime();
            Result made = DebPackageIT.run(List.of("debootstrap", "--variant=minbase", "bookworm", build.toString()),
                    900);
            assumeTrue(made.status() == 0, () -> "debootstrap failed (no network?): " + tail(made.err()));
            Path tar = Path.of(CACHE + ".tmp");
            assertEquals(0, DebPackageIT.run(List.of("tar", "-C", build.toString(), "-cf", tar.toString(), "."))
                    .status());
            Files.move(tar, CACHE);
            DebPackageIT.run(List.of("rm", "-rf", build.toString()));
            System.out.printf("deb-chroot: made the bookworm minbase root in %.0f s%n", (System.nanoTime() - t0) / 1e9);
        }
        return CACHE;
    }

    /** A fresh copy of the root in {@code dir}. */
    static Path unpack(Path dir) throws Exception {
        Path tar = tarball();
        Files.createDirectories(dir);
        Result r = DebPackageIT.run(List.of("tar", "-C", dir.toString(), "-xf", tar.toString()));
        assertEquals(0, r.status(), r.err());
        return dir;
    }

    private static String tail(String s) {
        return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    }
}
