package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a Map state's iterations on the engine's pool, at most MaxConcurrency at once, and collects
 * their outputs in item order. Inline: the first failure stops the rest and fails the Map with
 * that error. Distributed: failed children count against the tolerated failures; a failed child's
 * place in the output holds its {@code {"Error", "Cause"}}; past the threshold the Map fails with
 * States.ExceedToleratedFailureThreshold.
 */
final class MapIterations {
    /** One iteration (or child execution) of the Map. */
    @FunctionalInterface
    interface Iteration {
        JsonNode run(int index, JsonNode input, Cancellation group);
    }

    /** When a Distributed Map gives up: more failures than the count, or a larger share than the percentage. */
    record Tolerance(Integer count, Double percentage) {
        boolean exceeded(int failed, int total) {
            if (count == null && percentage == null) {
                return failed > 0;
            }
            return count != null && failed > count || percentage != null && failed * 100.0 / total > percentage;
        }
    }

    private MapIterations() {
    }

    /**
     * @param tolerance null for an inline Map (fail fast with the iteration's error)
     */
    static ArrayNode run(StateRun run, List<JsonNode> inputs, int maxConcurrency, Tolerance tolerance, Iteration iteration) {
        int total = inputs.size();
        JsonNode[] results = new JsonNode[total];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Cancellation group = run.cancellation().child();
        ExecutionListener listener = run.services().listener();
        String path = run.path();
        listener.mapProgress(path, 0, total);
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < total && !group.isCancelled(); i = next.getAndIncrement()) {
                try {
                    results[i] = iteration.run(i, inputs.get(i), group);
                } catch (Cancellation.Cancelled e) {
                    return;
                } catch (StatesError e) {
                    if (tolerance == null) {
                        stop(failure, group, e);
                        return;
                    }
                    results[i] = errorOutput(e);
                    if (tolerance.exceeded(failed.incrementAndGet(), total)) {
                        stop(failure, group, new StatesError(ErrorNames.EXCEED_TOLERATED_FAILURE_THRESHOLD, StatesError.inState(
                                run.state().name(), "The specified tolerated failure threshold was exceeded: " + failed.get() + " of "
                                        + total + " child executions failed; the last failed with " + e.error() + ": " + e.cause())));
                        return;
                    }
                } catch (RuntimeException e) {
                    stop(failure, group, e);
                    return;
                }
                listener.mapProgress(path, done.incrementAndGet(), total);
            }
        };
        int workers = Math.min(total, maxConcurrency > 0 ? maxConcurrency : total);
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            futures.add(CompletableFuture.runAsync(worker, run.services().pool()));
        }
        Blocking.await(CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)));
        Blocking.rethrowAbrupt(futures);
        run.cancellation().check();
        if (failure.get() != null) {
            throw failure.get();
        }
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (JsonNode result : results) {
            out.add(result);
        }
        return out;
    }

    private static void stop(AtomicReference<RuntimeException> failure, Cancellation group, RuntimeException e) {
        if (failure.compareAndSet(null, e)) {
            group.cancel();
        }
    }

    private static JsonNode errorOutput(StatesError e) {
        ObjectNode error = Json.MAPPER.createObjectNode();
        error.put("Error", e.error());
        error.put("Cause", e.cause());
        return error;
    }
}
