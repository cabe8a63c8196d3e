package io.jsupervisor.core.internal.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What the reader may see of the machine. Tests replace each seam to reproduce the corpus's run
 * conditions; {@link #system()} is the real machine.
 *
 * @param env the daemon's environment ({@code %(ENV_X)s})
 * @param cwd the working directory relative paths resolve against
 * @param hostname {@code %(host_node_name)s}
 * @param isDirectory asked for the directories the reference checks
 * @param userExists asked for {@code user=}, {@code chown=} user names
 * @param glob expands one absolute [include] pattern to the sorted list of matching files
 */
public record ConfigEnvironment(
        Map<String, String> env,
        Path cwd,
        String hostname,
        Predicate<Path> isDirectory,
        Predicate<String> userExists,
        Function<String, java.util.List<Path>> glob) {

    public static ConfigEnvironment system() {
        throw new UnsupportedOperationException("filled in by the reader");
    }

    static boolean realDirectory(Path p) {
        return Files.isDirectory(p);
    }
}
