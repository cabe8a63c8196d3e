package io.jsupervisor.platform.supervisord;

import java.util.List;
import java.util.function.Predicate;

/**
 * Where supervisord looks for its config when {@code -c} is not given: exactly the reference's
 * list, built from the program path as typed ({@code dirname(dirname(argv[0]))}), checked in
 * order relative to the working directory.
 */
public final class ConfigSearch {
    private ConfigSearch() {}

    public static List<String> searchPaths(String executable) {
        String here = PyPath.dirname(PyPath.dirname(executable));
        return List.of(
                PyPath.join(here, "etc", "supervisord.conf"),
                PyPath.join(here, "supervisord.conf"),
                "supervisord.conf",
                "etc/supervisord.conf",
                "/etc/supervisord.conf",
                "/etc/supervisor/supervisord.conf");
    }

    /** The first path that exists, or throws with the reference's message. */
    public static String find(String executable, Predicate<String> exists) throws CommandLine.UsageError {
        List<String> paths = searchPaths(executable);
        for (String p : paths) {
            if (exists.test(p)) {
                return p;
            }
        }
        throw new CommandLine.UsageError("No config file found at default paths (" + String.join(", ", paths)
                + "); use the -c option to specify a config file at a different path");
    }
}
