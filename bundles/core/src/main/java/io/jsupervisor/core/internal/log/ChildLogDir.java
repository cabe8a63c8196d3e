package io.jsupervisor.core.internal.log;

import io.jsupervisor.pycompat.PyRepr;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Log files for {@code stdout_logfile=AUTO} / {@code stderr_logfile=AUTO} in {@code childlogdir}. */
public final class ChildLogDir {

    /** The alphabet and length Python's {@code tempfile} uses for its random names. */
    private static final char[] NAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_".toCharArray();
    private static final int NAME_LENGTH = 8;
    private static final int MAX_ATTEMPTS = 10000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ChildLogDir() {
    }

    /**
     * Creates a new empty file {@code <name>-<channel>---<identifier>-<8 random chars>.log} in
     * {@code childlogdir}, exclusively and with mode 0600 as {@code mkstemp} does, and returns its
     * absolute path.
     */
    public static Path createAutoLog(Path childlogdir, String processName, String identifier, String channel)
            throws IOException {
        String prefix = processName + "-" + channel + "---" + identifier + "-";
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Path candidate = childlogdir.resolve(prefix + randomName() + ".log");
            try {
                create(candidate);
                return candidate.toAbsolutePath().normalize();
            } catch (FileAlreadyExistsException e) {
                // name taken: draw another
            }
        }
        throw new FileAlreadyExistsException(childlogdir.toString(), null,
                "no usable temporary file name found");
    }

    /**
     * Removes what a previous run left in {@code childlogdir}: every entry whose name matches the
     * reference's pattern {@code .+?---<identifier>-\S+\.log\.{0,1}\d{0,4}} (matched at the start
     * of the name, with the identifier taken as a regular expression as the reference does).
     * Failures are logged as warnings with the reference's wording; nothing is thrown.
     */
    public static void cleanup(Path childlogdir, String identifier, ActivityLog log) {
        Pattern pattern = autoLogPattern(identifier);
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(childlogdir)) {
            for (Path p : dir) {
                entries.add(p);
            }
        } catch (IOException | DirectoryIteratorException | SecurityException e) {
            if (log != null) {
                log.warn("Could not clear childlog dir");
            }
            return;
        }
        for (Path p : entries) {
            Path fileName = p.getFileName();
            if (fileName == null || !pattern.matcher(fileName.toString()).lookingAt()) {
                continue;
            }
            Path pathname = childlogdir.resolve(fileName);
            try {
                if (Files.isDirectory(pathname, LinkOption.NOFOLLOW_LINKS)) {
                    // os.remove refuses directories
                    throw new IOException("is a directory");
                }
                Files.delete(pathname);
            } catch (IOException | SecurityException e) {
                if (log != null) {
                    log.warn("Failed to clean up " + PyRepr.repr(pathname.toString()));
                }
            }
        }
    }

    /** The reference's cleanup pattern for {@code identifier}. */
    static Pattern autoLogPattern(String identifier) {
        int flags = Pattern.UNICODE_CHARACTER_CLASS | Pattern.UNIX_LINES;
        String tail = "-\\S+\\.log\\.{0,1}\\d{0,4}";
        try {
            return Pattern.compile(".+?---" + identifier + tail, flags);
        } catch (PatternSyntaxException e) {
            // not a valid Java regex (Python is more lenient with e.g. a lone '{'): take it literally
            return Pattern.compile(".+?---" + Pattern.quote(identifier) + tail, flags);
        }
    }

    private static void create(Path p) throws IOException {
        Set<PosixFilePermission> perms = PosixFilePermissions.fromString("rw-------");
        FileAttribute<Set<PosixFilePermission>> attr = PosixFilePermissions.asFileAttribute(perms);
        try {
            Files.createFile(p, attr);
        } catch (UnsupportedOperationException e) {
            Files.createFile(p);
        }
    }

    private static String randomName() {
        char[] c = new char[NAME_LENGTH];
        for (int i = 0; i < c.length; i++) {
            c[i] = NAME_CHARS[RANDOM.nextInt(NAME_CHARS.length)];
        }
        return new String(c);
    }
}
