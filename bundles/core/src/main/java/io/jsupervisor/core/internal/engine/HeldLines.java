package io.jsupervisor.core.internal.engine;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The output pumps whose prefixed streams hold part of a line back ({@link LinePrefixer}), for
 * the output reactor: how long its next wait may be, and which lines waited long enough. Reactor
 * thread only. Without line prefixes nothing is ever held and the reactor waits as before.
 */
final class HeldLines {
    private final Set<OutputPump> holding = new LinkedHashSet<>();

    /** After {@code pump} was read (or ended): remember it while it holds part of a line. */
    void update(OutputPump pump) {
        if (pump.holdingLine()) {
            holding.add(pump);
        } else {
            holding.remove(pump);
        }
    }

    /** The epoll timeout: -1 (forever) when nothing waits, else the milliseconds to the first deadline. */
    int flushTimeoutMillis(long now) {
        if (holding.isEmpty()) {
            return -1;
        }
        long first = Long.MAX_VALUE;
        for (OutputPump p : holding) {
            first = Math.min(first, p.heldLineDeadline() - now);
        }
        // round up: waking a little early would only go round again
        return (int) Math.max(0, TimeUnit.NANOSECONDS.toMillis(first + 999_999));
    }

    /** Writes out every held line whose deadline has passed. */
    void flushDue(long now) {
        if (holding.isEmpty()) {
            return;
        }
        holding.removeIf(p -> {
            if (p.heldLineDeadline() - now <= 0) {
                p.flushHeldLine();
                return true;
            }
            return false;
        });
    }
}
