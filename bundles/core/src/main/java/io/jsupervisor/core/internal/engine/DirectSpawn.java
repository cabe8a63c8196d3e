package io.jsupervisor.core.internal.engine;

import java.nio.charset.StandardCharsets;
import java.util.List;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * posix_spawnp called on libc directly, so the child's descriptors above 2 go with one
 * {@code posix_spawn_file_actions_addclosefrom_np} action (glibc 2.34 and later). The generic
 * jnr-posix path needs a close action per open descriptor, found by listing /proc/self/fd on
 * every spawn; with 500 children the daemon holds about 2500 descriptors, and that listing and
 * the actions took more than a millisecond of each spawn.
 */
final class DirectSpawn {
    /** The posix_spawn family, with opaque structures we allocate generously. */
    public interface LibC {
        int posix_spawn_file_actions_init(Pointer actions);

        int posix_spawn_file_actions_destroy(Pointer actions);

        int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newfd);

        int posix_spawn_file_actions_addclosefrom_np(Pointer actions, int from);

        int posix_spawn_file_actions_addclose(Pointer actions, int fd);

        int posix_spawnattr_init(Pointer attributes);

        int posix_spawnattr_destroy(Pointer attributes);

        int posix_spawnattr_setflags(Pointer attributes, short flags);

        int posix_spawnattr_setpgroup(Pointer attributes, int pgroup);

        int posix_spawnattr_setsigdefault(Pointer attributes, Pointer sigdefault);

        int posix_spawnattr_setsigmask(Pointer attributes, Pointer sigmask);

        int sigemptyset(Pointer set);

        int posix_spawnp(Pointer pid, String file, Pointer actions, Pointer attributes, Pointer argv, Pointer envp);
    }

    /** glibc's POSIX_SPAWN_SETPGROUP, POSIX_SPAWN_SETSIGDEF and POSIX_SPAWN_SETSIGMASK. */
    private static final short SETPGROUP = 0x02;
    private static final short SETSIGDEF = 0x04;
    private static final short SETSIGMASK = 0x08;
    /**
     * glibc's internal signals 32 and 33 (SIGCANCEL, SIGSETXID) as sigset_t bits. Its spawn sets
     * them to SIG_IGN in the child unless they are in the sigdefault set, so without this every
     * program would start with them ignored, which no child of the reference does. sigaddset
     * refuses them, hence the bits written directly.
     */
    private static final long INTERNAL_SIGNALS = (1L << 31) | (1L << 32);
    /** Larger than glibc's sigset_t (128 bytes). */
    private static final int SIGSET_BYTES = 128;
    /** Larger than glibc's posix_spawn_file_actions_t (80 bytes) and posix_spawnattr_t (336). */
    private static final int OPAQUE_BYTES = 1024;

    private final LibC libc;
    private final Runtime runtime;
    /** Whether libc has closefrom_np; without it the caller lists the descriptors to close. */
    private boolean closefrom;

    private DirectSpawn(LibC libc) {
        this.libc = libc;
        this.runtime = Runtime.getRuntime(libc);
    }

    /** True when {@link #spawn} needs the daemon's open descriptors listed (no closefrom_np). */
    boolean needsDescriptorList() {
        return !closefrom;
    }

    /**
     * The direct path, or null where libc cannot be reached. Where libc lacks closefrom_np (older
     * glibc, musl) it closes a listed set instead: it is still the only path that can give the
     * child an empty signal mask (jnr-posix's posix_spawnp cannot).
     */
    static DirectSpawn load() {
        try {
            LibC libc = LibraryLoader.create(LibC.class).load("c");
            DirectSpawn direct = new DirectSpawn(libc);
            Pointer probe = Memory.allocateDirect(direct.runtime, OPAQUE_BYTES);
            if (libc.posix_spawn_file_actions_init(probe) != 0) {
                return null;
            }
            try {
                direct.closefrom = libc.posix_spawn_file_actions_addclosefrom_np(probe, 3) == 0;
                return direct;
            } catch (LinkageError | RuntimeException missing) {
                direct.closefrom = false;
                return direct;
            } finally {
                libc.posix_spawn_file_actions_destroy(probe);
            }
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /**
     * Spawns {@code file} (searched in PATH if it has no slash) in a new process group, with
     * {@code stdin}, {@code stdout} and {@code stderr} as its descriptors 0, 1 and 2 and no
     * other, and an empty signal mask. Returns the pid, or minus the error number posix_spawnp gave.
     */
    long spawn(String file, int stdin, int stdout, int stderr, List<String> argv, List<String> environment,
            List<Integer> openDescriptors) {
        Pointer actions = Memory.allocateDirect(runtime, OPAQUE_BYTES);
        Pointer attributes = Memory.allocateDirect(runtime, OPAQUE_BYTES);
        Pointer pid = Memory.allocateDirect(runtime, 8);
        if (libc.posix_spawn_file_actions_init(actions) != 0) {
            return -12; // ENOMEM, the only documented failure
        }
        try {
            if (libc.posix_spawnattr_init(attributes) != 0) {
                return -12;
            }
            try {
                libc.posix_spawn_file_actions_adddup2(actions, stdin, 0);
                libc.posix_spawn_file_actions_adddup2(actions, stdout, 1);
                libc.posix_spawn_file_actions_adddup2(actions, stderr, 2);
                if (closefrom) {
                    libc.posix_spawn_file_actions_addclosefrom_np(actions, 3);
                } else {
                    for (int fd : openDescriptors) {
                        if (fd > 2) {
                            libc.posix_spawn_file_actions_addclose(actions, fd);
                        }
                    }
                }
                // An empty signal mask whatever this thread blocks: HotSpot blocks SIGQUIT in
                // Java threads, and bin/supervisord blocks the daemon's signals in all of them
                // (the launcher's SignalWaiter takes them); programs must see every signal.
                Pointer emptyMask = Memory.allocateDirect(runtime, SIGSET_BYTES);
                libc.sigemptyset(emptyMask);
                Pointer sigdefault = Memory.allocateDirect(runtime, SIGSET_BYTES, true);
                sigdefault.putLong(0, INTERNAL_SIGNALS);
                libc.posix_spawnattr_setsigdefault(attributes, sigdefault);
                libc.posix_spawnattr_setflags(attributes, (short) (SETPGROUP | SETSIGDEF | SETSIGMASK));
                libc.posix_spawnattr_setpgroup(attributes, 0);
                libc.posix_spawnattr_setsigmask(attributes, emptyMask);
                Pointer argvArray = stringArray(argv);
                Pointer envArray = stringArray(environment);
                int rc = libc.posix_spawnp(pid, file, actions, attributes, argvArray, envArray);
                return rc == 0 ? pid.getInt(0) : -rc;
            } finally {
                libc.posix_spawnattr_destroy(attributes);
            }
        } finally {
            libc.posix_spawn_file_actions_destroy(actions);
        }
    }

    /** A NULL-terminated array of C strings, all in one block of native memory. */
    private Pointer stringArray(List<String> strings) {
        byte[][] encoded = new byte[strings.size()][];
        int total = 0;
        for (int i = 0; i < encoded.length; i++) {
            encoded[i] = strings.get(i).getBytes(StandardCharsets.UTF_8);
            total += encoded[i].length + 1;
        }
        int slot = runtime.addressSize();
        Pointer block = Memory.allocateDirect(runtime, (long) (encoded.length + 1) * slot + total, true);
        long text = (long) (encoded.length + 1) * slot;
        for (int i = 0; i < encoded.length; i++) {
            block.putAddress((long) i * slot, block.address() + text);
            block.put(text, encoded[i], 0, encoded[i].length);
            text += encoded[i].length + 1; // the NUL is already there: the block starts zeroed
        }
        return block;
    }
}
