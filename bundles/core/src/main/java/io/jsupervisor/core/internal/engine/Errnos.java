package io.jsupervisor.core.internal.engine;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import jnr.constants.platform.Errno;

/**
 * Errno numbers and names as the reference reports spawn failures: it prints Python's
 * {@code errno.errorcode} name (ENOSPC) and has its own sentences for EMFILE and EAGAIN.
 */
final class Errnos {
    private Errnos() {}

    /** The spawnerr when the pipes or log files could not be made. */
    static String dispatcherFailure(String name, int errno) {
        if (errno == Errno.EMFILE.intValue()) {
            return "too many open files to spawn '" + name + "'";
        }
        return "unknown error making dispatchers for '" + name + "': " + name(errno);
    }

    /** The spawnerr when the child could not be created. */
    static String forkFailure(String name, int errno) {
        if (errno == Errno.EAGAIN.intValue()) {
            return "Too many processes in process table to spawn '" + name + "'";
        }
        return "unknown error during fork for '" + name + "': " + name(errno);
    }

    /** Python's errno.errorcode.get(code, code): the symbolic name, or the number itself. */
    static String name(int errno) {
        Errno e = Errno.valueOf(errno);
        return e == Errno.__UNKNOWN_CONSTANT__ || errno <= 0 ? Integer.toString(errno) : e.name();
    }

    /** strerror's words for a Java I/O failure: {@code Permission denied}, {@code Device or resource busy}. */
    static String describe(IOException e) {
        return Errno.valueOf(of(e)).description();
    }

    /**
     * The errno behind a Java I/O failure. The JDK keeps only strerror's text (in the message,
     * or a FileSystemException's reason), so it is matched against each errno's description.
     */
    static int of(IOException e) {
        if (e instanceof NoSuchFileException) {
            return Errno.ENOENT.intValue();
        }
        if (e instanceof AccessDeniedException) {
            return Errno.EACCES.intValue();
        }
        String text = e instanceof FileSystemException fse && fse.getReason() != null
                ? fse.getReason() : String.valueOf(e.getMessage());
        // the longest description that matches: "Too many open files in system" is ENFILE, not EMFILE
        Errno best = null;
        for (Errno candidate : Errno.values()) {
            String description = candidate.defined() ? candidate.description() : null;
            if (description != null && !description.isEmpty() && text.contains(description)
                    && (best == null || description.length() > best.description().length())) {
                best = candidate;
            }
        }
        return best == null ? Errno.EIO.intValue() : best.intValue();
    }
}
