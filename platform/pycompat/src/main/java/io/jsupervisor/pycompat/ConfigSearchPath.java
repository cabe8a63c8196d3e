package io.jsupervisor.pycompat;

import java.util.List;

/**
 * Where supervisord and supervisorctl look for supervisord.conf when {@code -c} is not given:
 * exactly the reference's list, built from the program path as typed
 * ({@code dirname(dirname(argv[0]))}) and checked in order relative to the working directory.
 */
public final class ConfigSearchPath {

    private ConfigSearchPath() {
    }

    /** The candidate files, first match wins. */
    public static List<String> of(String executable) {
        String here = PyPaths.dirname(PyPaths.dirname(executable));
        return List.of(
                PyPaths.join(here, "etc", "supervisord.conf"),
                PyPaths.join(here, "supervisord.conf"),
                "supervisord.conf",
                "etc/supervisord.conf",
                "/etc/supervisord.conf",
                "/etc/supervisor/supervisord.conf");
    }
}
