package io.jsupervisor.platform.supervisorctl;

import io.jsupervisor.sigwait.BlockedSignals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.byref.IntByReference;

/**
 * pidproxy PIDFILE COMMAND [ARGS...]: runs COMMAND and passes the signals it receives (TERM INT
 * QUIT HUP USR1 USR2) on to the process whose pid PIDFILE holds; after TERM, INT or QUIT it exits,
 * and it exits when COMMAND does. For daemons that fork away from the process supervisord started.
 *
 * <p>HotSpot keeps SIGQUIT for thread dumps, and -Xrs, which frees it, also stops every Java
 * signal handler. So bin/pidproxy starts the JVM with -Xrs and with the six signals blocked (the
 * mask is inherited by every JVM thread), and one thread takes them with sigwait(3). The command
 * is started with posix_spawn and an empty signal mask, so it sees signals as usual.
 */
public final class Pidproxy {
    static final Map<String, Integer> NUMBERS = Map.of("HUP", 1, "INT", 2, "QUIT", 3, "USR1", 10, "USR2", 12,
            "TERM", 15);
    private static final int SIGSET_BYTES = 128;
    private static final int SPAWNATTR_BYTES = 1024;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final int EINTR = 4;

    /** The libc calls pidproxy needs: those to take the signals, and these. */
    public interface LibC extends BlockedSignals.LibC {
        int kill(int pid, int sig);

        int posix_spawnattr_init(Pointer attr);

        int posix_spawnattr_setflags(Pointer attr, short flags);

        int posix_spawnattr_setsigmask(Pointer attr, Pointer set);

        int posix_spawn(IntByReference pid, String path, Pointer fileActions, Pointer attr, String[] argv,
                String[] envp);

        int waitpid(int pid, IntByReference status, int options);

        String strerror(int errnum);
    }

    private final Path pidfile;
    private final LibC libc;
    private final jnr.ffi.Runtime runtime;

    private Pidproxy(Path pidfile, LibC libc) {
        this.pidfile = pidfile;
        this.libc = libc;
        this.runtime = jnr.ffi.Runtime.getRuntime(libc);
    }

    static String usage(String prog) {
        return "pidproxy -- start a command, and relay the signals it gets to the process named by a\n"
                + "pidfile (for programs that fork into the background).\n\n"
                + "Usage: " + prog + " <pidfile name> <command> [<cmdarg1> ...]\n";
    }

    public static void main(String[] args) {
        String prog = System.getProperty("jsupervisor.executable", "pidproxy");
        if (args.length < 2) {
            System.out.print(usage(prog) + "\n");
            System.out.flush();
            System.exit(1);
        }
        LibC libc = LibraryLoader.create(LibC.class).load("c");
        Pidproxy p = new Pidproxy(Path.of(args[0]), libc);
        p.installHandlers();
        // as the reference: the command is taken relative to the current directory, not from PATH,
        // and keeps the argv[0] it was given
        String path = Path.of(args[1]).toAbsolutePath().normalize().toString();
        List<String> argv = List.of(args).subList(1, args.length);
        int pid = p.spawn(path, argv);
        if (pid < 0) {
            System.err.println(prog + ": cannot run " + path + ": " + libc.strerror(-pid));
            System.exit(1);
        }
        IntByReference status = new IntByReference();
        while (libc.waitpid(pid, status, 0) < 0 && runtime(libc).getLastError() == EINTR) {
            // again
        }
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    private static jnr.ffi.Runtime runtime(LibC libc) {
        return jnr.ffi.Runtime.getRuntime(libc);
    }

    /** posix_spawn with an empty signal mask; the pid, or -errno. */
    private int spawn(String path, List<String> argv) {
        Pointer attr = Memory.allocate(runtime, SPAWNATTR_BYTES);
        Pointer empty = Memory.allocate(runtime, SIGSET_BYTES);
        libc.sigemptyset(empty);
        libc.posix_spawnattr_init(attr);
        libc.posix_spawnattr_setflags(attr, POSIX_SPAWN_SETSIGMASK);
        libc.posix_spawnattr_setsigmask(attr, empty);
        String[] av = argv.toArray(new String[argv.size() + 1]);
        List<String> env = new ArrayList<>();
        System.getenv().forEach((k, v) -> {
            if (!k.equals("_JAVA_SR_SIGNUM")) {
                env.add(k + "=" + v);
            }
        });
        String[] ev = env.toArray(new String[env.size() + 1]);
        IntByReference pid = new IntByReference();
        int rc = libc.posix_spawn(pid, path, null, attr, av, ev);
        return rc == 0 ? pid.getValue() : -rc;
    }

    private void installHandlers() {
        // the signals the launcher blocked: take them synchronously on one thread
        BlockedSignals blocked = BlockedSignals.of(libc, NUMBERS);
        Collection<String> waited = blocked == null ? List.of() : blocked.waited().values();
        if (blocked != null) {
            Thread t = new Thread(() -> blocked.takeForever(this::forward), "pidproxy-sigwait");
            t.setDaemon(true);
            t.start();
        }
        // started without bin/pidproxy: Java handlers where the JVM allows them (never QUIT)
        for (Map.Entry<String, Integer> e : NUMBERS.entrySet()) {
            if (!waited.contains(e.getKey())) {
                int number = e.getValue();
                try {
                    sun.misc.Signal.handle(new sun.misc.Signal(e.getKey()), s -> forward(number));
                } catch (IllegalArgumentException ex) {
                    System.err.println("pidproxy: cannot relay SIG" + e.getKey() + " (start it with bin/pidproxy)");
                }
            }
        }
    }

    private synchronized void forward(int sig) {
        int pid;
        try {
            pid = Integer.parseInt(Files.readString(pidfile).strip());
        } catch (IOException | RuntimeException e) {
            System.out.println("Can't read child pidfile " + pidfile + "!");
            System.out.flush();
            return;
        }
        if (libc.kill(pid, sig) != 0) {
            System.err.println("pidproxy: cannot signal pid " + pid + ": " + libc.strerror(runtime.getLastError()));
            System.err.flush();
            Runtime.getRuntime().halt(1);
        }
        if (sig == 15 || sig == 2 || sig == 3) {
            System.out.flush();
            Runtime.getRuntime().halt(0);
        }
    }
}
