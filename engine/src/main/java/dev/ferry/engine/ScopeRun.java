package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;

/**
 * Runs one {@link StateGraph} from its StartAt to its end: the state machine, a Parallel branch, a
 * Map iteration or a Distributed Map child execution. Each visit and each retry counts a
 * transition; errors go through the state's Retry, then its Catch. As in the specification's
 * "complex retry" example, a retrier's MaxAttempts and its backoff both count every retry it
 * makes, whatever error name it matched.
 */
final class ScopeRun {
    private final ExecutionRun execution;
    private final StateGraph graph;
    private final Variables variables;
    private final String pathPrefix;
    private final Cancellation cancellation;

    ScopeRun(ExecutionRun execution, StateGraph graph, Variables variables, String pathPrefix, Cancellation cancellation) {
        this.execution = execution;
        this.graph = graph;
        this.variables = variables;
        this.pathPrefix = pathPrefix;
        this.cancellation = cancellation;
    }

    /**
     * Runs the graph.
     *
     * @return the output of its last state
     * @throws StatesError when a state fails and nothing handles it
     */
    JsonNode run(JsonNode input) {
        State state = graph.state(graph.startAt());
        JsonNode data = input;
        while (true) {
            Outcome outcome = visit(state, data);
            if (outcome.next() == null) {
                return outcome.output();
            }
            state = graph.state(outcome.next());
            data = outcome.output();
        }
    }

    private Outcome visit(State state, JsonNode input) {
        ExecutionListener listener = execution.services().listener();
        String path = pathOf(state.name());
        Instant entered = execution.services().clock().now();
        ErrorHandling handling = state.errorHandling();
        // MaxAttempts and the backoff both count per retrier, whatever error names it matched (the
        // specification's "complex retry" example: ErrorA, ErrorB, ErrorC, ErrorB -> the 4th is not retried)
        int[] retriesBy = new int[handling.retriers().size()];
        int retryCount = 0;
        cancellation.check();
        listener.stateEntered(path, state.type());
        while (true) {
            execution.enterState();
            StateRun run = new StateRun(this, state, input, entered, retryCount);
            StatesError error;
            try {
                Outcome outcome = state.execute(run);
                Payloads.checkSize(outcome.output(), state.name());
                return done(path, outcome);
            } catch (QueryException e) {
                error = StatesError.of(e, state.name());
            } catch (StatesError e) {
                error = e;
            }
            cancellation.check();
            int retrier = handling.retrierFor(error.error());
            if (retrier >= 0 && retriesBy[retrier] < handling.retriers().get(retrier).maxAttempts()) {
                Duration delay = handling.retriers().get(retrier).delay(retriesBy[retrier]++);
                listener.retrying(path, error.error(), ++retryCount, delay);
                execution.sleep(delay, cancellation);
                cancellation.check();
                continue;
            }
            Catcher catcher = handling.catcherFor(error.error());
            if (catcher == null) {
                listener.stateFailed(path, error.error(), error.cause());
                throw error;
            }
            try {
                return done(path, catcher.handle(run, error));
            } catch (QueryException e) {
                throw StatesError.of(e, state.name());
            }
        }
    }

    private Outcome done(String path, Outcome outcome) {
        variables.assign(outcome.assignments());
        execution.services().listener().stateExited(path, outcome.output());
        return outcome;
    }

    String pathOf(String stateName) {
        return pathPrefix.isEmpty() ? stateName : pathPrefix + "/" + stateName;
    }

    ExecutionRun execution() {
        return execution;
    }

    Variables variables() {
        return variables;
    }

    Cancellation cancellation() {
        return cancellation;
    }
}
