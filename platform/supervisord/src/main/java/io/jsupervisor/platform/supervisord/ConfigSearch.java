package io.jsupervisor.platform.supervisord;

import io.jsupervisor.pycompat.ConfigSearchPath;
import java.util.List;
import java.util.function.Predicate;

/** Finds supervisord's config when {@code -c} is not given, in the reference's {@link ConfigSearchPath}. */
public final class ConfigSearch {
    private ConfigSearch() {}

    /** The first path that exists, or throws with the reference's message. */
    public static String find(String executable, Predicate<String> exists) throws CommandLine.UsageError {
        List<String> paths = ConfigSearchPath.of(executable);
        for (String p : paths) {
            if (exists.test(p)) {
                return p;
            }
        }
        throw new CommandLine.UsageError("No config file found at default paths (" + String.join(", ", paths)
                + "); use the -c option to specify a config file at a different path");
    }
}
