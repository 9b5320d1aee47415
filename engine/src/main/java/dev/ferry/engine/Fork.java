package dev.ferry.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Runs children (Parallel branches) concurrently on the engine's pool: the first failure cancels
 * the others; the parent waits for all of them to stop (without holding a pool slot, see
 * {@link Blocking}) and then rethrows that failure.
 */
final class Fork {
    private Fork() {
    }

    static <T> List<T> all(StateRun run, int count, Function<Integer, T> child, Cancellation group) {
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<CompletableFuture<T>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = i;
            futures.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return child.apply(index);
                } catch (Cancellation.Cancelled e) {
                    return null;
                } catch (RuntimeException e) {
                    if (failure.compareAndSet(null, e)) {
                        group.cancel();
                    }
                    return null;
                }
            }, run.services().pool()));
        }
        Blocking.await(CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)));
        Blocking.rethrowAbrupt(futures);
        run.cancellation().check();
        if (failure.get() != null) {
            throw failure.get();
        }
        List<T> results = new ArrayList<>(count);
        futures.forEach(f -> results.add(f.join()));
        return results;
    }
}
