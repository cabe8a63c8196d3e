package io.jsupervisor.rpcinterface.internal.supervisor;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/** The deferred answers of the methods: completed at once, or mapped from the engine's stages. */
final class Stages {
    private Stages() {}

    static CompletionStage<Object> done(Object value) {
        return CompletableFuture.completedFuture(value);
    }

    static <T> CompletionStage<Object> map(CompletionStage<T> stage, Function<T, Object> f) {
        return map(stage, f, Function.identity());
    }

    /** Maps a result; a failure is passed on unwrapped (no CompletionException around the fault). */
    static <T> CompletionStage<Object> map(
            CompletionStage<T> stage, Function<T, Object> f, Function<Throwable, Throwable> onError) {
        CompletableFuture<Object> out = new CompletableFuture<>();
        stage.whenComplete((v, e) -> {
            if (e != null) {
                out.completeExceptionally(onError.apply(unwrap(e)));
                return;
            }
            try {
                out.complete(f.apply(v));
            } catch (RuntimeException ex) {
                out.completeExceptionally(ex);
            }
        });
        return out;
    }

    static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
