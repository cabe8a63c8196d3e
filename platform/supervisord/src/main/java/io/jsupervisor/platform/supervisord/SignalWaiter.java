package io.jsupervisor.platform.supervisord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.byref.IntByReference;

/**
 * Takes the daemon's signals with sigwait(3) on one thread, so that SIGQUIT can stop the daemon
 * as it stops the reference.
 *
 * <p>HotSpot keeps SIGQUIT for thread dumps and will not let Java code handle it; {@code -Xrs}
 * frees it but also switches off every Java signal handler (TERM, INT and HUP included). So
 * bin/supervisord starts the JVM with {@code -Xrs} and with the daemon's signals blocked from the
 * first instruction ({@code env --block-signal}): every thread the JVM ever creates inherits that
 * mask, no thread can be interrupted by them, and this thread collects them one at a time.
 * HotSpot's own suspend signal, SIGUSR2 by default, is moved off it ({@code _JAVA_SR_SIGNUM}).
 * Children are spawned with an empty mask (the core's spawner sets it), so they see every signal.
 *
 * <p>Without that start (an older env, or java started by hand) nothing is blocked, and the
 * launcher falls back to Java handlers, which cannot take SIGQUIT.
 */
final class SignalWaiter {
    /** Linux numbers of the signals the daemon reacts to (as the reference's setsignals, less CHLD). */
    static final Map<String, Integer> NUMBERS = numbers();
    private static final int SIG_BLOCK = 0;
    private static final int SIGSET_BYTES = 128;

    /** The libc calls this needs, as pidproxy's. */
    public interface LibC {
        int sigemptyset(Pointer set);

        int sigaddset(Pointer set, int signo);

        int sigismember(Pointer set, int signo);

        int pthread_sigmask(int how, Pointer set, Pointer oldset);

        int sigwait(Pointer set, IntByReference sig);
    }

    private SignalWaiter() {}

    private static Map<String, Integer> numbers() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("TERM", 15);
        m.put("INT", 2);
        m.put("QUIT", 3);
        m.put("HUP", 1);
        m.put("USR2", 12);
        return m;
    }

    /**
     * Starts the sigwait thread for those of {@code names} that this thread has blocked, and
     * returns their names (empty when none is blocked or libc cannot be reached).
     */
    static List<String> startForBlocked(List<String> names, Consumer<String> handler) {
        Waiter w = bind(names);
        if (w == null) {
            return List.of();
        }
        Thread t = new Thread(() -> w.loop(handler), "jsupervisor-signals");
        t.setDaemon(true);
        t.start();
        return new ArrayList<>(w.waited.values());
    }

    /**
     * Starts the sigwait thread at once and lets it reach libc on its own: for a JVM whose
     * launcher blocked {@code names} before it started ({@code -Djsupervisor.signals=sigwait}).
     * Binding libc through jnr-ffi generates classes and takes about a tenth of a second, which
     * then overlaps the framework's start instead of preceding it; a signal sent meanwhile stays
     * pending (it is blocked) and is taken by the first sigwait. {@code problem} hears when
     * libc cannot be reached, or when one of {@code names} is not blocked after all.
     */
    static void startInBackground(List<String> names, Consumer<String> handler, Consumer<String> problem) {
        Thread t = new Thread(() -> {
            Waiter w = bind(names);
            if (w == null || w.waited.size() < names.size()) {
                List<String> missing = new ArrayList<>(names);
                if (w != null) {
                    missing.removeAll(w.waited.values());
                }
                problem.accept("signals " + missing + " cannot be taken with sigwait; they are not handled");
                if (w == null) {
                    return;
                }
            }
            w.loop(handler);
        }, "jsupervisor-signals");
        t.setDaemon(true);
        t.start();
    }

    /** libc, the set of signals to wait for and their names; null when libc cannot be reached. */
    private static Waiter bind(List<String> names) {
        LibC libc;
        try {
            libc = LibraryLoader.create(LibC.class).load("c");
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
        jnr.ffi.Runtime runtime = jnr.ffi.Runtime.getRuntime(libc);
        Pointer none = Memory.allocate(runtime, SIGSET_BYTES);
        Pointer current = Memory.allocate(runtime, SIGSET_BYTES);
        libc.sigemptyset(none);
        if (libc.pthread_sigmask(SIG_BLOCK, none, current) != 0) { // blocks nothing: reads the mask
            return null;
        }
        Pointer set = Memory.allocate(runtime, SIGSET_BYTES);
        libc.sigemptyset(set);
        Map<Integer, String> waited = new LinkedHashMap<>();
        for (String name : names) {
            Integer number = NUMBERS.get(name);
            if (number != null && libc.sigismember(current, number) == 1) {
                libc.sigaddset(set, number);
                waited.put(number, name);
            }
        }
        return waited.isEmpty() ? null : new Waiter(libc, set, waited);
    }

    private record Waiter(LibC libc, Pointer set, Map<Integer, String> waited) {
        /** Takes the signals one at a time, for good. */
        void loop(Consumer<String> handler) {
            IntByReference sig = new IntByReference();
            while (true) {
                if (libc.sigwait(set, sig) == 0) {
                    String name = waited.get(sig.getValue());
                    if (name != null) {
                        try {
                            handler.accept(name);
                        } catch (RuntimeException e) {
                            System.err.println("jsupervisor: handling SIG" + name + ": " + e);
                        }
                    }
                }
            }
        }
    }
}
