package io.jsupervisor.core.internal.engine;

import io.jsupervisor.pycompat.PyRepr;

import io.jsupervisor.api.process.Fault;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jnr.posix.POSIX;
import jnr.posix.Passwd;
import jnr.posix.SpawnAttribute;
import jnr.posix.SpawnFileAction;

/**
 * Starts child processes with posix_spawn. Each child leads a new process group (as the
 * reference's setpgrp), gets fresh pipes on 0/1/2 and no other descriptor of the daemon. What
 * posix_spawn cannot do per child (umask, working directory, switching user, joining its own
 * cgroup) is done by {@code /bin/sh} exec'ing the program, so the pid is still the program's.
 *
 * <p>We spawn ourselves instead of using ProcessBuilder because the reference reports exactly how
 * a child ended (exit status 143 and "terminated by SIGTERM" are different lines) and the JDK's
 * reaper folds the two together; {@link Reaper} collects our children with waitpid.
 */
final class Spawner {
    private final POSIX posix;
    private final List<String> searchPath;
    /** The fast path where libc has closefrom_np; null: jnr-posix with a close per descriptor. */
    private final DirectSpawn direct = DirectSpawn.load();
    private final DescriptorReserve reserve;

    Spawner(POSIX posix, Map<String, String> daemonEnvironment) {
        this.posix = posix;
        this.reserve = new DescriptorReserve(posix);
        String path = daemonEnvironment.get("PATH");
        this.searchPath = path == null
                ? List.of("/bin", "/usr/bin", "/usr/local/bin")
                : Arrays.asList(path.split(":", -1));
    }

    /**
     * Fails with EMFILE when a spawn now would leave the daemon too few descriptors of its own;
     * call it before the spawn's log files and pipes are opened.
     */
    void claimDescriptors() throws IOException {
        reserve.claimForSpawn();
    }

    /** A command line resolved to the file to execute. */
    record Command(String filename, List<String> argv) {}

    /** The reference's reasons not to spawn at all, with its fault for startProcess. */
    static final class CommandException extends Exception {
        private static final long serialVersionUID = 1L;
        private final Fault fault;

        CommandException(Fault fault, String message) {
            super(message);
            this.fault = fault;
        }

        Fault fault() {
            return fault;
        }
    }

    /**
     * A spawned child: its pid, its stdin as a stream, and our read ends of its stdout and
     * stderr pipes as raw close-on-exec descriptors for the {@link OutputReactor} (stderr -1
     * when redirected). The caller owns the descriptors.
     */
    record Child(int pid, OutputStream stdin, int stdout, int stderr) {}

    /** What the reference's get_execv_args and check_execv_args decide, with their messages. */
    Command resolve(String command) throws CommandException {
        List<String> argv;
        try {
            argv = Shlex.split(command);
        } catch (IllegalArgumentException e) {
            throw new CommandException(Fault.NOT_EXECUTABLE,
                    "can't parse command " + PyRepr.repr(command) + ": " + e.getMessage());
        }
        if (argv.isEmpty()) {
            throw new CommandException(Fault.NOT_EXECUTABLE, "command is empty");
        }
        String program = argv.get(0);
        String filename = program;
        boolean found;
        if (program.contains("/")) {
            found = Files.exists(Path.of(program));
        } else {
            found = false;
            for (String dir : searchPath) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir).resolve(program);
                if (Files.exists(candidate)) {
                    filename = dir + (dir.endsWith("/") ? "" : "/") + program;
                    found = true;
                    break;
                }
            }
        }
        if (!found) {
            throw new CommandException(Fault.NO_FILE, "can't find command " + PyRepr.repr(filename));
        }
        Path file = Path.of(filename);
        if (Files.isDirectory(file)) {
            throw new CommandException(Fault.NOT_EXECUTABLE, "command at " + PyRepr.repr(filename) + " is a directory");
        }
        if (!anyExecuteBit(file)) {
            throw new CommandException(Fault.NOT_EXECUTABLE, "command at " + PyRepr.repr(filename) + " is not executable");
        }
        if (!Files.isExecutable(file)) {
            throw new CommandException(Fault.NOT_EXECUTABLE, "no permission to run command " + PyRepr.repr(filename));
        }
        return new Command(filename, argv);
    }

    private static boolean anyExecuteBit(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            return perms.contains(PosixFilePermission.OWNER_EXECUTE)
                    || perms.contains(PosixFilePermission.GROUP_EXECUTE)
                    || perms.contains(PosixFilePermission.OTHERS_EXECUTE);
        } catch (IOException | UnsupportedOperationException e) {
            return Files.isExecutable(file);
        }
    }

    /**
     * Why a spawn failed, in the reference's two stages: making the pipes (its "dispatchers")
     * or the fork itself, with the errno that stopped it.
     */
    static final class SpawnFailure extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean forking;
        private final int errno;

        SpawnFailure(boolean forking, int errno, String detail) {
            super(detail);
            this.forking = forking;
            this.errno = errno;
        }

        /** The reference's spawnerr text for process {@code name}. */
        String spawnerr(String name) {
            return forking ? Errnos.forkFailure(name, errno) : Errnos.dispatcherFailure(name, errno);
        }
    }

    /**
     * Spawns {@code command}. Failures that the reference detects only in the forked child
     * (directory missing, user switch impossible) are reproduced the same way: the child writes
     * the reference's message to its stderr and exits 127.
     *
     * <p>{@code socket}, when not -1, is an {@code [fcgi-program:x]} pool's listening socket: it
     * becomes the child's descriptor 0 in place of the stdin pipe (the pipe is still made, as the
     * reference makes it, so writes to the process's stdin go somewhere harmless).
     *
     * <p>{@code cgroupProcs}, when not null, is the {@code cgroup.procs} file of the process's
     * own cgroup: the child joins it before it execs the program, so all it forks is in it too.
     *
     * <p>Every descriptor opened here is closed exactly once on every failure path: a pipe that
     * fails with EMFILE after another succeeded must not leave the first one open, or each failed
     * start under a low fd limit would make the next one likelier to fail.
     */
    Child spawn(Command command, List<String> environment, String directory, Integer umask, String user,
            boolean redirectStderr, int socket, String cgroupProcs) throws SpawnFailure {
        List<String> argv = wrap(command, directory, umask, user, cgroupProcs);
        String path = argv == command.argv() ? command.filename() : "/bin/sh";

        OpenDescriptors open = new OpenDescriptors(posix);
        OutputStream stdin = null;
        try {
            int[] in = open.pipe();
            int[] out = open.pipe();
            int[] err = redirectStderr ? null : open.pipe();
            // Our end of the child's stdin as a stream, opened before the child exists so that
            // running out of descriptors here cannot leave a child we have no pipe to.
            stdin = openForWriting(in[1]);
            int childStdin = socket >= 0 ? socket : in[0];
            long pid = direct != null
                    ? spawnDirect(path, command, argv, environment, childStdin, out, err)
                    : spawnGeneric(path, command, argv, environment, childStdin, out, err);
            open.close(in[0]);
            open.close(in[1]);
            open.close(out[1]);
            if (err != null) {
                open.close(err[1]);
            }
            return new Child((int) pid, stdin, out[0], err == null ? -1 : err[0]);
        } catch (SpawnFailure e) {
            closeQuietly(stdin);
            open.closeAll();
            throw e;
        } catch (RuntimeException e) {
            closeQuietly(stdin);
            open.closeAll();
            throw new SpawnFailure(true, 0, e.toString());
        }
    }

    private static OutputStream openForWriting(int fd) throws SpawnFailure {
        try {
            return new FileOutputStream("/proc/self/fd/" + fd);
        } catch (IOException e) {
            throw new SpawnFailure(false, Errnos.of(e), e.getMessage());
        }
    }

    private static void closeQuietly(OutputStream stream) {
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException ignored) {
                // only releasing the descriptor
            }
        }
    }

    private long spawnDirect(String path, Command command, List<String> argv, List<String> environment,
            int stdin, int[] out, int[] err) throws SpawnFailure {
        int stderr = err == null ? out[1] : err[1];
        List<Integer> open = direct.needsDescriptorList() ? openDescriptors() : List.of();
        long pid = direct.spawn(path, stdin, out[1], stderr, argv, environment, open);
        if (pid <= 0) {
            // exec itself failed (no #! line, bad binary). The reference's forked child reports
            // that on its stderr and exits 127: do the same through a shell.
            long failed = direct.spawn("/bin/sh", stdin, out[1], stderr, execFailure(path, command), environment,
                    open);
            if (failed <= 0) {
                throw new SpawnFailure(true, (int) -failed, "posix_spawn " + path + " failed");
            }
            pid = failed;
        }
        return pid;
    }

    private long spawnGeneric(String path, Command command, List<String> argv, List<String> environment,
            int stdin, int[] out, int[] err) throws SpawnFailure {
        List<SpawnFileAction> actions = new ArrayList<>();
        actions.add(SpawnFileAction.dup(stdin, 0));
        actions.add(SpawnFileAction.dup(out[1], 1));
        actions.add(SpawnFileAction.dup(err == null ? out[1] : err[1], 2));
        for (int fd : openDescriptors()) {
            if (fd > 2) {
                actions.add(SpawnFileAction.close(fd));
            }
        }
        List<SpawnAttribute> attributes = List.of(
                SpawnAttribute.flags((short) SpawnAttribute.SETPGROUP), SpawnAttribute.pgroup(0));
        long pid = posix.posix_spawnp(path, actions, attributes, argv, environment);
        if (pid <= 0) {
            pid = posix.posix_spawnp("/bin/sh", actions, attributes, execFailure(path, command), environment);
            if (pid <= 0) {
                throw new SpawnFailure(true, posix.errno(), "posix_spawn " + path + " failed");
            }
        }
        return pid;
    }

    /** A shell that says why {@code path} could not be executed, as the reference's child does. */
    private static List<String> execFailure(String path, Command command) {
        String code = Files.isReadable(Path.of(path)) ? "ENOEXEC" : "EACCES";
        return List.of("/bin/sh", "-c", "printf '%s\\n' \"$1\" >&2; exit 127", "supervisor",
                "supervisor: couldn't exec " + command.argv().get(0) + ": " + code);
    }

    /** The argv to spawn: the command itself, or a shell that prepares the child and execs it. */
    private List<String> wrap(Command command, String directory, Integer umask, String user, String cgroupProcs) {
        String failure = null;
        List<String> setpriv = List.of();
        if (directory != null && !Files.isDirectory(Path.of(directory))) {
            String code = Files.exists(Path.of(directory), LinkOption.NOFOLLOW_LINKS) ? "ENOTDIR" : "ENOENT";
            failure = "supervisor: couldn't chdir to " + directory + ": " + code;
        }
        if (failure == null && user != null) {
            Passwd pw = lookupUser(user);
            int current = posix.getuid();
            if (pw == null) {
                failure = "supervisor: couldn't setuid to " + user + ": no such user";
            } else if ((int) pw.getUID() != current) {
                if (current != 0) {
                    failure = "supervisor: couldn't setuid to " + pw.getUID() + ": Can't drop privilege as nonroot user";
                } else {
                    setpriv = List.of("/usr/bin/setpriv", "--reuid=" + pw.getUID(), "--regid=" + pw.getGID(),
                            "--init-groups", "--");
                }
            }
        }
        if (failure != null) {
            // Like the reference: the child is spawned (and logged), says why on stderr, exits 127.
            return List.of("/bin/sh", "-c", "printf '%s\\n' \"$1\" >&2; exit 127", "supervisor", failure);
        }
        if (directory == null && umask == null && setpriv.isEmpty() && cgroupProcs == null) {
            return command.argv();
        }
        StringBuilder script = new StringBuilder();
        List<String> args = new ArrayList<>(List.of("/bin/sh", "-c", "", "supervisor"));
        if (cgroupProcs != null) {
            script.append("{ echo $$ > \"$1\"; } 2>/dev/null || { printf 'supervisor: could not join cgroup %s\\n' ")
                    .append("\"${1%/cgroup.procs}\" >&2; exit 127; }; shift; ");
            args.add(cgroupProcs);
        }
        if (umask != null) {
            script.append("umask ").append(String.format("%04o", umask)).append(" || exit 127; ");
        }
        if (directory != null) {
            script.append("cd -- \"$1\" || exit 127; shift; ");
            args.add(directory);
        }
        script.append("exec \"$@\"");
        args.set(2, script.toString());
        args.addAll(setpriv);
        args.add(command.filename());
        args.addAll(command.argv().subList(1, command.argv().size()));
        return args;
    }

    private Passwd lookupUser(String user) {
        if (!user.isEmpty() && user.chars().allMatch(Character::isDigit)) {
            return posix.getpwuid(Integer.parseInt(user));
        }
        return posix.getpwnam(user);
    }

    /** Every descriptor the daemon has open now; the JVM opens most without close-on-exec. */
    private static List<Integer> openDescriptors() throws SpawnFailure {
        List<Integer> fds = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path p : dir) {
                try {
                    fds.add(Integer.parseInt(p.getFileName().toString()));
                } catch (NumberFormatException ignored) {
                    // not a descriptor entry
                }
            }
        } catch (IOException e) {
            throw new SpawnFailure(false, Errnos.of(e), e.getMessage());
        }
        return fds;
    }
}
