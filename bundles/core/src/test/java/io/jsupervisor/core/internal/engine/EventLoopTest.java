package io.jsupervisor.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsupervisor.api.config.LogLevel;
import io.jsupervisor.api.process.SupervisorException;
import io.jsupervisor.core.internal.log.ActivityLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The loop's promises to its callers: where their code runs, and that a failing request is answered. */
@Timeout(30) // a request that is never answered would otherwise hang the build
class EventLoopTest {
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private EventLoop loop;
    private volatile boolean stop;

    @BeforeEach
    void start() {
        ActivityLog log = ActivityLog.toStream(new PrintStream(logged, true, StandardCharsets.UTF_8), LogLevel.INFO);
        loop = new EventLoop("test-engine", log);
        loop.start(new EventLoop.Body() {
            @Override
            public void begin() {}

            @Override
            public long pass() {
                return stop ? END : System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            }

            @Override
            public void ended() {}

            @Override
            public void failed(Throwable t) {}
        });
    }

    @AfterEach
    void end() throws Exception {
        stop = true;
        loop.post(() -> {});
        loop.finished().get(5, TimeUnit.SECONDS);
    }

    private String loopThreadName() {
        return loop.callNow(() -> Thread.currentThread().getName());
    }

    @Test
    void aCallersContinuationNeverRunsOnTheLoopThread() throws Exception {
        AtomicReference<String> workRanOn = new AtomicReference<>();
        AtomicReference<String> continuationRanOn = new AtomicReference<>();
        // work that completes its future on the loop thread itself, as a quick command does
        CompletableFuture<String> answer = loop.call(() -> {
            workRanOn.set(Thread.currentThread().getName());
            return CompletableFuture.completedFuture("done");
        });
        String value = answer.thenApply(v -> {
            continuationRanOn.set(Thread.currentThread().getName());
            // a continuation may call the engine again: it must not wait for itself
            return v + "/" + loopThreadName();
        }).get(5, TimeUnit.SECONDS);

        assertEquals("test-engine", workRanOn.get());
        assertFalse(continuationRanOn.get().equals("test-engine"), "ran on " + continuationRanOn.get());
        assertEquals("done/test-engine", value);
    }

    @Test
    void callNowFromTheLoopThreadThrowsInsteadOfWaitingForItself() throws Exception {
        Throwable thrown = loop.call(() -> {
            try {
                loop.callNow(() -> "never");
                return CompletableFuture.completedFuture(null);
            } catch (IllegalStateException e) {
                return CompletableFuture.completedFuture(e);
            }
        }).get(5, TimeUnit.SECONDS);
        assertTrue(thrown instanceof IllegalStateException, String.valueOf(thrown));
    }

    @Test
    void aRequestThatCannotLoadAClassIsAnsweredAndTheLoopGoesOn() throws Exception {
        SupervisorException failed = assertThrows(SupervisorException.class, () -> loop.callNow(() -> {
            throw new NoClassDefFoundError("io/example/Missing");
        }));
        assertTrue(failed.getMessage().contains("io/example/Missing"), failed.getMessage());

        CompletableFuture<Object> later = loop.call(() -> {
            throw new NoClassDefFoundError("io/example/AlsoMissing");
        });
        Throwable cause = assertThrows(Exception.class, () -> later.get(5, TimeUnit.SECONDS)).getCause();
        assertTrue(cause instanceof NoClassDefFoundError, String.valueOf(cause));

        loop.post(() -> {
            throw new NoClassDefFoundError("io/example/PostedMissing");
        });
        assertEquals("test-engine", loopThreadName(), "the loop still answers");
        assertTrue(logged.toString(StandardCharsets.UTF_8).contains("io/example/PostedMissing"), logged.toString());
    }
}
