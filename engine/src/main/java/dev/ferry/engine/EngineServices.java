package dev.ferry.engine;

import java.util.Map;
import java.util.concurrent.ForkJoinPool;

/** What every execution of one {@link LocalEngine} shares. */
record EngineServices(Map<String, TaskInvoker> invokers, ExecutionListener listener, EngineClock clock,
                      ForkJoinPool pool, AwsEnvironment aws) {
}
