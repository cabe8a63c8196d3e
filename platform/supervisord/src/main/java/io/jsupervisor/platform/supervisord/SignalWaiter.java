package io.jsupervisor.platform.supervisord;

import io.jsupervisor.sigwait.BlockedSignals;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import jnr.ffi.LibraryLoader;

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
        BlockedSignals w = bind(names);
        if (w == null) {
            return List.of();
        }
        Thread t = new Thread(() -> loop(w, handler), "jsupervisor-signals");
        t.setDaemon(true);
        t.start();
        return new ArrayList<>(w.waited().values());
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
            BlockedSignals w = bind(names);
            if (w == null || w.waited().size() < names.size()) {
                List<String> missing = new ArrayList<>(names);
                if (w != null) {
                    missing.removeAll(w.waited().values());
                }
                problem.accept("signals " + missing + " cannot be taken with sigwait; they are not handled");
                if (w == null) {
                    return;
                }
            }
            loop(w, handler);
        }, "jsupervisor-signals");
        t.setDaemon(true);
        t.start();
    }

    /** The signals of {@code names} this thread has blocked; null when none is or libc cannot be reached. */
    private static BlockedSignals bind(List<String> names) {
        BlockedSignals.LibC libc;
        try {
            libc = LibraryLoader.create(BlockedSignals.LibC.class).load("c");
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
        Map<String, Integer> candidates = new LinkedHashMap<>();
        for (String name : names) {
            Integer number = NUMBERS.get(name);
            if (number != null) {
                candidates.put(name, number);
            }
        }
        return BlockedSignals.of(libc, candidates);
    }

    /** Takes the signals one at a time, for good, handing each one's name to {@code handler}. */
    private static void loop(BlockedSignals signals, Consumer<String> handler) {
        signals.takeForever(number -> {
            String name = signals.waited().get(number);
            try {
                handler.accept(name);
            } catch (RuntimeException e) {
                System.err.println("jsupervisor: handling SIG" + name + ": " + e);
            }
        });
    }
}
