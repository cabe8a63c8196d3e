package io.jsupervisor.core.internal.engine;

import io.jsupervisor.core.internal.log.ActivityLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jnr.constants.platform.Errno;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Platform;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * Reads every child pipe of an engine on one thread, with epoll, the way the reference's
 * asyncore loop does. A thread per pipe cost about 120 KiB of resident memory and a thread start
 * per pipe on every spawn; with 500 programs that was 1000 threads. The reactor thread reads a
 * ready pipe into one direct buffer and hands the bytes to the pipe's {@link OutputPump}, which
 * writes them to the log on this same thread (the reference also writes logs from its loop).
 *
 * <p>Busy pipes are grown to {@link #BIG_PIPE} bytes (F_SETPIPE_SZ) once a read fills the pipe,
 * so a child that writes a lot blocks less often and is drained in large reads; quiet children
 * keep the kernel's default.
 *
 * <p>The thread starts with the first pipe and ends once the engine has ended and every pipe
 * has reached end of file.
 */
final class OutputReactor {
    /** The libc calls jnr-posix does not wrap. */
    public interface LibC {
        int epoll_create1(int flags);

        int epoll_ctl(int epfd, int op, int fd, Pointer event);

        int epoll_wait(int epfd, Pointer events, int maxevents, int timeout);

        @ssize_t long read(int fd, Pointer buf, @size_t long count);

        @ssize_t long write(int fd, Pointer buf, @size_t long count);

        int eventfd(int initval, int flags);

        int fcntl(int fd, int cmd, int arg);

        int close(int fd);
    }

    private static final int EPOLL_CLOEXEC = 0x80000;
    private static final int EPOLL_CTL_ADD = 1;
    private static final int EPOLL_CTL_DEL = 2;
    private static final int EPOLLIN = 0x001;
    private static final int EFD_CLOEXEC = 0x80000;
    private static final int EFD_NONBLOCK = 0x800;
    private static final int F_GETFL = 3;
    private static final int F_SETFL = 4;
    private static final int O_NONBLOCK = 0x800;
    private static final int F_SETPIPE_SZ = 1031;
    private static final int F_GETPIPE_SZ = 1032;

    /** One read's worth; a grown pipe is emptied in a few reads (see READS_PER_TURN). */
    private static final int READ_BUFFER = 256 * 1024;
    /** What a busy pipe is grown to (the default /proc/sys/fs/pipe-max-size). */
    private static final int BIG_PIPE = 1024 * 1024;
    /** Reads of one pipe per wakeup, so one flooding child cannot starve the others. */
    private static final int READS_PER_TURN = 4;
    private static final int MAX_EVENTS = 64;

    private final ActivityLog activity;
    private final Map<Integer, OutputPump> pumps = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    /** Prefixed streams' partial lines waiting for their end (reactor thread). */
    private final HeldLines heldLines = new HeldLines();
    private LibC libc;
    private Runtime runtime;
    private int epfd = -1;
    private int wakeFd = -1;
    private int eventSize;
    private int dataOffset;
    private Thread thread;
    private volatile boolean ending;

    OutputReactor(ActivityLog activity) {
        this.activity = activity;
    }

    /**
     * Starts reading {@code fd} (our end of a child pipe, close-on-exec) for {@code pump}. The
     * reactor owns the descriptor from now on and closes it at end of file.
     */
    void register(int fd, OutputPump pump) throws IOException {
        synchronized (lock) {
            startIfNeeded();
            int flags = libc.fcntl(fd, F_GETFL, 0);
            if (flags < 0 || libc.fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
                throw new IOException("cannot make pipe " + fd + " non-blocking: " + errno());
            }
            int size = libc.fcntl(fd, F_GETPIPE_SZ, 0);
            pump.pipeSize = size > 0 ? size : 4096;
            pumps.put(fd, pump);
            if (control(EPOLL_CTL_ADD, fd) < 0) {
                pumps.remove(fd);
                throw new IOException("cannot watch pipe " + fd + ": " + errno());
            }
        }
    }

    /** The engine has ended: the thread stops once the last pipe is closed. */
    void endWhenIdle() {
        ending = true;
        synchronized (lock) {
            if (thread != null) {
                wake();
            }
        }
    }

    private void startIfNeeded() throws IOException {
        if (thread != null) {
            return;
        }
        try {
            libc = LibraryLoader.create(LibC.class).load("c");
            runtime = Runtime.getRuntime(libc);
        } catch (RuntimeException | LinkageError e) {
            throw new IOException("cannot load libc for epoll: " + e);
        }
        // struct epoll_event is packed on x86 (12 bytes, data at 4), naturally aligned elsewhere
        Platform.CPU cpu = Platform.getNativePlatform().getCPU();
        boolean packed = cpu == Platform.CPU.X86_64 || cpu == Platform.CPU.I386;
        eventSize = packed ? 12 : 16;
        dataOffset = packed ? 4 : 8;
        epfd = libc.epoll_create1(EPOLL_CLOEXEC);
        if (epfd < 0) {
            throw new IOException("epoll_create1 failed: " + errno());
        }
        wakeFd = libc.eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
        if (wakeFd < 0 || control(EPOLL_CTL_ADD, wakeFd) < 0) {
            String why = errno();
            libc.close(epfd);
            epfd = -1;
            throw new IOException("eventfd failed: " + why);
        }
        thread = new Thread(null, this::run, "jsupervisor-output", 256 * 1024);
        thread.setDaemon(true);
        thread.start();
    }

    private int control(int op, int fd) {
        Pointer ev = Memory.allocate(runtime, eventSize);
        ev.putInt(0, EPOLLIN);
        ev.putInt(dataOffset, fd);
        return libc.epoll_ctl(epfd, op, fd, ev);
    }

    private void wake() {
        Pointer one = Memory.allocate(runtime, 8);
        one.putLong(0, 1L);
        libc.write(wakeFd, one, 8);
    }

    private String errno() {
        int e = runtime.getLastError();
        Errno errno = Errno.valueOf(e);
        return errno == null || errno == Errno.__UNKNOWN_CONSTANT__ ? "errno " + e : errno.description();
    }

    private void run() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(READ_BUFFER);
        Pointer bufferAddress = Pointer.wrap(runtime, buffer);
        Pointer events = Memory.allocateDirect(runtime, eventSize * MAX_EVENTS);
        Pointer scratch = Memory.allocate(runtime, 8);
        while (!(ending && pumps.isEmpty())) {
            int n = libc.epoll_wait(epfd, events, MAX_EVENTS, heldLines.flushTimeoutMillis(System.nanoTime()));
            if (n < 0) {
                if (runtime.getLastError() == Errno.EINTR.intValue()) {
                    continue;
                }
                activity.critical("reading child output failed: epoll_wait: " + errno());
                break;
            }
            for (int i = 0; i < n; i++) {
                int fd = events.getInt((long) i * eventSize + dataOffset);
                if (fd == wakeFd) {
                    libc.read(wakeFd, scratch, 8);
                    continue;
                }
                OutputPump pump = pumps.get(fd);
                if (pump != null) {
                    service(fd, pump, buffer, bufferAddress);
                    heldLines.update(pump);
                }
            }
            heldLines.flushDue(System.nanoTime());
        }
        synchronized (lock) {
            libc.close(wakeFd);
            libc.close(epfd);
        }
    }

    /** Reads what {@code fd} has (a few reads at most), and closes it at end of file. */
    private void service(int fd, OutputPump pump, ByteBuffer buffer, Pointer address) {
        for (int reads = 0; reads < READS_PER_TURN; reads++) {
            long n = libc.read(fd, address, READ_BUFFER);
            if (n > 0) {
                buffer.clear().limit((int) n);
                pump.consume(buffer);
                if (n >= pump.pipeSize) {
                    grow(fd, pump); // the child filled the pipe: it writes faster than we read
                }
                if (n < READ_BUFFER && n < pump.pipeSize) {
                    return; // the pipe is empty now: back to epoll rather than an EAGAIN read
                }
                continue;
            }
            if (n < 0) {
                int e = runtime.getLastError();
                if (e == Errno.EINTR.intValue()) {
                    continue;
                }
                if (e == Errno.EAGAIN.intValue() || e == Errno.EWOULDBLOCK.intValue()) {
                    return;
                }
                activity.debug("reading " + pump.label() + " ended: " + errno());
            }
            // end of file (or a read error): everything the child wrote has been seen. Forget the
            // descriptor before closing it: once closed, a new pipe may get the same number.
            pumps.remove(fd);
            libc.epoll_ctl(epfd, EPOLL_CTL_DEL, fd, null);
            libc.close(fd);
            pump.end(); // writes a held partial line too
            heldLines.update(pump);
            return;
        }
    }

    private void grow(int fd, OutputPump pump) {
        if (pump.pipeGrown) {
            return;
        }
        pump.pipeGrown = true;
        libc.fcntl(fd, F_SETPIPE_SZ, BIG_PIPE); // may be refused (pipe-user-pages limits): fine
        int size = libc.fcntl(fd, F_GETPIPE_SZ, 0);
        if (size > pump.pipeSize) {
            pump.pipeSize = size;
        }
    }
}
