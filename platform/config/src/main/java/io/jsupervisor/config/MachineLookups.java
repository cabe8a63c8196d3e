package io.jsupervisor.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the reader checks against the machine: paths made absolute, {@code ~} expanded, folders and
 * users that must exist. Failures are worded as the reference words them.
 */
final class MachineLookups {
    private final ConfigEnvironment environment;

    MachineLookups(ConfigEnvironment environment) {
        this.environment = environment;
    }

    String abspath(String p) {
        String path = p.startsWith("/") ? p : environment.cwd().toString() + "/" + p;
        return Datatypes.normpath(path);
    }

    String expandUser(String p) {
        if (!p.startsWith("~")) {
            return p;
        }
        int slash = p.indexOf('/');
        String user = slash < 0 ? p.substring(1) : p.substring(1, slash);
        String rest = slash < 0 ? "" : p.substring(slash);
        String home;
        if (user.isEmpty()) {
            home = environment.env().get("HOME");
            if (home == null) {
                home = System.getProperty("user.home");
            }
        } else {
            home = ConfigEnvironment.homeOf(user);
            if (home == null) {
                return p;
            }
        }
        home = home.replaceAll("/+$", "");
        String r = home + rest;
        return r.isEmpty() ? "/" : r;
    }

    String normalizePath(String p) {
        return abspath(expandUser(p));
    }

    private boolean isDir(String p) {
        Path path;
        try {
            path = Path.of(p);
        } catch (java.nio.file.InvalidPathException e) {
            return false; // a NUL in the name: os.path.isdir says False, and so do we
        }
        return environment.isDirectory().test(path);
    }

    String existingDirectory(String v) {
        String nv = expandUser(v);
        if (isDir(nv)) {
            return nv;
        }
        throw new PyValueError(v + " is not an existing directory");
    }

    String existingDirpath(String v) {
        String nv = expandUser(v);
        String dir = Datatypes.dirname(nv);
        if (dir.isEmpty() || isDir(dir)) {
            return nv;
        }
        throw new PyValueError("The directory named as part of the path " + v + " does not exist");
    }

    /** The reference's {@code tempfile.gettempdir()}: the default childlogdir. */
    String tempDir() {
        for (String var : new String[] {"TMPDIR", "TEMP", "TMP"}) {
            String v = environment.env().get(var);
            if (v != null && !v.isEmpty() && Files.isDirectory(Path.of(v))) {
                return v;
            }
        }
        for (String d : new String[] {"/tmp", "/var/tmp", "/usr/tmp"}) {
            if (Files.isDirectory(Path.of(d))) {
                return d;
            }
        }
        return environment.cwd().toString();
    }

    void checkUser(String name) {
        boolean numeric = Py.parseIntOrNull(name, 10) != null;
        if (!environment.userExists().test(name)) {
            throw new PyValueError((numeric ? "Invalid user id " : "Invalid user name ") + name);
        }
    }

    /** {@code user} or {@code user:group}, as chown= and socket_owner= take it. */
    boolean userGroupValid(String arg) {
        int colon = arg.indexOf(':');
        String u = colon < 0 ? arg : arg.substring(0, colon);
        if (u.isEmpty()) {
            return false;
        }
        if (colon >= 0 && arg.substring(colon + 1).isEmpty()) {
            return false;
        }
        return environment.userExists().test(u);
    }
}
