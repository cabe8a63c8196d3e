package io.jsupervisor.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        return new ConfigEnvironment(
                System.getenv(),
                Path.of(System.getProperty("user.dir")),
                systemHostname(),
                ConfigEnvironment::realDirectory,
                ConfigEnvironment::realUserExists,
                PyGlob::glob);
    }

    static boolean realDirectory(Path p) {
        return Files.isDirectory(p);
    }

    /** Python's platform.node(): the kernel's node name. */
    static String systemHostname() {
        try {
            String h = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
            if (!h.isEmpty()) {
                return h;
            }
        } catch (IOException | RuntimeException e) {
            // no procfs: ask the resolver
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "";
        }
    }

    /** A user name or numeric uid known to the system (/etc/passwd, then {@code getent passwd}). */
    static boolean realUserExists(String nameOrUid) {
        return passwdEntry(nameOrUid) != null;
    }

    /** The home folder of a user, or null (for {@code ~user} expansion). */
    static String homeOf(String user) {
        String[] e = passwdEntry(user);
        return e == null || e.length < 6 ? null : e[5];
    }

    private static String[] passwdEntry(String nameOrUid) {
        if (nameOrUid == null || nameOrUid.isEmpty() || nameOrUid.contains(":") || nameOrUid.contains("\n")) {
            return null;
        }
        boolean numeric = nameOrUid.chars().allMatch(Character::isDigit);
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"), StandardCharsets.UTF_8)) {
                String[] f = line.split(":", -1);
                if (f.length >= 3 && (numeric ? f[2].equals(String.valueOf(Long.parseLong(nameOrUid))) : f[0].equals(nameOrUid))) {
                    return f;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through to getent
        }
        // Users from NSS (LDAP, sssd) are not in /etc/passwd: ask libc. Never spawn getent here:
        // the daemon reaps every child with waitpid(-1), and the JDK's own reaper would race it.
        jnr.posix.POSIX posix = jnr.posix.POSIXFactory.getNativePOSIX();
        jnr.posix.Passwd pw;
        try {
            pw = numeric ? posix.getpwuid(Integer.parseInt(nameOrUid)) : posix.getpwnam(nameOrUid);
        } catch (NumberFormatException e) {
            return null;
        }
        if (pw == null) {
            return null;
        }
        return new String[] {pw.getLoginName(), "x", String.valueOf(pw.getUID()), String.valueOf(pw.getGID()),
            pw.getGECOS(), pw.getHome(), pw.getShell()};
    }

}
