/**
 * An in-process Amazon States Language engine (artifact {@code ferry-asl-engine}).
 *
 * <p>The public API: {@link dev.ferry.engine.StateMachineDefinition#load} parses and validates a
 * definition (anything the engine does not implement fails here with an
 * {@link dev.ferry.engine.UnsupportedFeatureException}, message {@code unsupported: ...}; anything
 * Step Functions would reject with a {@link dev.ferry.engine.DefinitionException}).
 * {@link dev.ferry.engine.LocalEngine}, configured by its {@link dev.ferry.engine.LocalEngine.Builder}
 * (a {@link dev.ferry.engine.TaskInvoker} per Task resource, an {@link dev.ferry.engine.ExecutionListener},
 * clock, time scale, threads, {@link dev.ferry.engine.AwsEnvironment}), runs it with
 * {@link dev.ferry.engine.ExecutionOptions} and reports an {@link dev.ferry.engine.ExecutionResult}
 * ({@link dev.ferry.engine.ExecutionStatus}, output or error and cause, state transitions). Invokers
 * see a {@link dev.ferry.engine.TaskContext} and fail a task with a {@link dev.ferry.engine.TaskFailedException}.
 * {@link dev.ferry.engine.LambdaTaskInvoker} runs Lambda handlers in process as Task invokers: the
 * handlers a {@link dev.ferry.engine.FunctionsMap} names ({@link dev.ferry.engine.FunctionSpec} each), with
 * instances a {@link dev.ferry.engine.HandlerFactory} makes, called as Lambda's Java runtime calls them.
 *
 * <p>Everything else in this package (states, parsers, JSONPath, JSONata and intrinsic functions, the
 * handler calling, pooling, context and error reporting) stays package-private.
 */
package dev.ferry.engine;
