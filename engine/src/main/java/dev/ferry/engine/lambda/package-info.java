/**
 * Lambda functions as Task invokers: {@link dev.ferry.engine.lambda.LambdaTaskInvoker} calls the
 * handlers a {@link dev.ferry.engine.lambda.FunctionsMap} names ({@link dev.ferry.engine.lambda.FunctionSpec}
 * each) in this JVM, as Lambda's Java runtime would, with instances a
 * {@link dev.ferry.engine.lambda.HandlerFactory} makes. The handler calling, pooling, context and
 * error reporting behind it are package-private.
 */
package dev.ferry.engine.lambda;
