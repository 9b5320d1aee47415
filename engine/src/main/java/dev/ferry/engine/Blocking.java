package dev.ferry.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;

/**
 * Waits for children (branches, iterations) without starving the bounded pool: on a pool thread
 * the wait is a {@link ForkJoinPool#managedBlock managed block}, so the pool starts a spare thread
 * while the parent waits. Nested Map and Parallel states therefore never deadlock, and at most
 * "pool size" threads run states at any moment.
 */
final class Blocking {
    private Blocking() {
    }

    static void await(CompletableFuture<?> future) {
        if (future.isDone()) {
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        future.whenComplete((value, error) -> done.countDown());
        try {
            ForkJoinPool.managedBlock(new ForkJoinPool.ManagedBlocker() {
                @Override
                public boolean block() throws InterruptedException {
                    done.await();
                    return true;
                }

                @Override
                public boolean isReleasable() {
                    return done.getCount() == 0;
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Cancellation.Cancelled();
        }
    }

    /**
     * Rethrows what escaped a child's own error handling (an {@link Error} such as
     * OutOfMemoryError, or an unexpected exception): a child that died that way must fail its
     * parent, never leave a silent null result behind.
     */
    static void rethrowAbrupt(java.util.List<? extends CompletableFuture<?>> futures) {
        for (CompletableFuture<?> f : futures) {
            if (f.isCompletedExceptionally()) {
                try {
                    f.join();
                } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    if (cause instanceof Error error) {
                        throw error;
                    }
                    if (cause instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new IllegalStateException("a parallel child failed", cause);
                }
            }
        }
    }
}
