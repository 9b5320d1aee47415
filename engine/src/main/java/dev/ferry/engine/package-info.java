/**
 * An in-process Amazon States Language engine.
 *
 * <p>{@link dev.ferry.engine.StateMachineDefinition#load} parses and validates a definition
 * (anything the engine does not implement fails here, with a message starting {@code unsupported:});
 * {@link dev.ferry.engine.LocalEngine} runs it with registered {@link dev.ferry.engine.TaskInvoker}s
 * and reports an {@link dev.ferry.engine.ExecutionResult}. Everything else in this package is
 * the interpreter and stays package-private.
 */
package dev.ferry.engine;
