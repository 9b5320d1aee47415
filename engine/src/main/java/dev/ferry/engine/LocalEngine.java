package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * Runs {@link StateMachineDefinition}s in process.
 *
 * <p>Map iterations, Parallel branches and Distributed Map child executions share one bounded
 * pool ({@link Builder#threads}); a state waiting for its children does not hold a pool thread,
 * so nested Maps and Parallels never deadlock. Tasks run through the {@link TaskInvoker} registered
 * for their Resource. Waits and retry intervals pass in engine time, scaled by
 * {@link Builder#timeScale} (0 in tests: nothing really sleeps).
 *
 * <pre>{@code
 * try (LocalEngine engine = LocalEngine.builder().invoker("arn:aws:states:::my:task", myInvoker).build()) {
 *     ExecutionResult result = engine.execute(StateMachineDefinition.load(json), input);
 * }
 * }</pre>
 */
public final class LocalEngine implements AutoCloseable {
    private final EngineServices services;

    private LocalEngine(EngineServices services) {
        this.services = services;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks that every Task of the definition has an invoker that accepts it.
     *
     * @throws UnsupportedFeatureException naming the first resource (or invoker option) that cannot run
     */
    public void check(StateMachineDefinition definition) {
        for (TaskState task : definition.tasks()) {
            TaskInvoker invoker = services.invokers().get(task.resource());
            if (invoker == null) {
                throw new UnsupportedFeatureException("resource " + task.resource() + " in state '" + task.name() + "' ("
                        + (task.resource().endsWith(".waitForTaskToken") ? "callback tasks (.waitForTaskToken) cannot run locally; "
                        : "") + "the local engine runs Ferry's Lambda functions listed in the functions map and the invokers "
                        + "registered with LocalEngine.Builder.invoker; registered: " + services.invokers().keySet() + ")");
            }
            invoker.checkSupported(task.name(), task.resource(), task.argumentsAsWritten());
        }
    }

    /** Runs the definition with state machine name "local" and a random execution name. */
    public ExecutionResult execute(StateMachineDefinition definition, JsonNode input) {
        return execute(definition, input, ExecutionOptions.defaults());
    }

    /**
     * Runs the definition to its end on the calling thread and reports how it ended; a failed
     * execution is a result, not an exception.
     *
     * @param input the execution input; null means {@code {}}
     * @throws UnsupportedFeatureException when a Task's resource has no invoker (see {@link #check})
     */
    public ExecutionResult execute(StateMachineDefinition definition, JsonNode input, ExecutionOptions options) {
        check(definition);
        JsonNode data = input == null ? Json.object() : input;
        ExecutionRun run = ExecutionRun.start(services, options, data, definition.timeoutSeconds().orElse(null));
        ExecutionStatus status = ExecutionStatus.SUCCEEDED;
        JsonNode output = null;
        String error = null;
        String cause = null;
        try {
            output = new ScopeRun(run, definition.graph(), Variables.empty(), "", run.cancellation()).run(data);
        } catch (StatesError e) {
            status = ExecutionStatus.FAILED;
            error = e.error();
            cause = e.cause();
        } catch (ExecutionRun.TimedOut e) {
            status = ExecutionStatus.TIMED_OUT;
            error = ErrorNames.TIMEOUT;
            cause = "The execution ran longer than the state machine's TimeoutSeconds (" + definition.timeoutSeconds().orElse(0) + " s).";
        } catch (RuntimeException e) {
            status = ExecutionStatus.FAILED;
            error = ErrorNames.RUNTIME;
            cause = "The local engine failed unexpectedly: " + e;
        }
        return new ExecutionResult(run.name(), run.arn(), status, output, error, cause, run.transitions(), run.startTime(),
                services.clock().now());
    }

    /** Stops the pool's threads. */
    @Override
    public void close() {
        services.pool().shutdown();
    }

    /** Configures a {@link LocalEngine}. */
    public static final class Builder {
        // Lambda handlers mostly wait on AWS calls, so a Map's MaxConcurrency (10 for Ferry's
        // workflows), not the core count, should decide how many run at once
        private int threads = Math.max(16, Runtime.getRuntime().availableProcessors());
        private final Map<String, TaskInvoker> invokers = new HashMap<>();
        private ExecutionListener listener = ExecutionListener.NONE;
        private Clock clock = Clock.systemUTC();
        private double timeScale = 1.0;
        private AwsEnvironment aws;

        private Builder() {
        }

        /** How many threads run states at once (default: the number of processors, at least 16). */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, not " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** Runs Tasks whose Resource is exactly {@code resource} with {@code invoker}. */
        public Builder invoker(String resource, TaskInvoker invoker) {
            invokers.put(Objects.requireNonNull(resource, "resource"), Objects.requireNonNull(invoker, "invoker"));
            return this;
        }

        public Builder listener(ExecutionListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The wall clock engine time starts from (default: the system clock, UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How much of each wait really passes: 1 (default) waits in real time, 0 never sleeps. Engine
         * time ({@code $$.State.EnteredTime}, Wait timestamps, deadlines) moves on by the full wait either way.
         */
        public Builder timeScale(double timeScale) {
            this.timeScale = timeScale;
            return this;
        }

        /** The partition, region and account used in ARNs (default {@link AwsEnvironment#local()}). */
        public Builder aws(AwsEnvironment aws) {
            this.aws = Objects.requireNonNull(aws, "aws");
            return this;
        }

        public LocalEngine build() {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            ForkJoinPool pool = new ForkJoinPool(threads, p -> {
                ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
                thread.setName("ferry-engine-" + thread.getPoolIndex());
                thread.setDaemon(true);
                thread.setContextClassLoader(loader);
                return thread;
            }, null, false);
            return new LocalEngine(new EngineServices(Map.copyOf(invokers), listener, new EngineClock(clock, timeScale), pool,
                    aws == null ? AwsEnvironment.local() : aws));
        }
    }
}
