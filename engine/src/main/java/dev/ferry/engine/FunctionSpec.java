package dev.ferry.engine;

import java.util.Map;

/**
 * One Lambda function of a workflow, as the synthesized template defines it.
 *
 * @param token          how the definition names it, e.g. {@code ${CopySegmentAliasABC123}}
 * @param logicalId      the function's CloudFormation logical id (its name in local runs)
 * @param handler        {@code fully.qualified.Class::method} or {@code fully.qualified.Class}
 * @param runtime        the Lambda runtime, e.g. java21
 * @param timeoutSeconds the function's timeout: the Context's remaining time counts down from it
 * @param memoryMb       the function's memory ({@code Context.getMemoryLimitInMB()})
 * @param environment    the function's environment variables (not applied in process: a JVM cannot
 *                       change its environment; Ferry settings come from system properties instead)
 */
public record FunctionSpec(String token, String logicalId, String handler, String runtime, int timeoutSeconds, int memoryMb,
                           Map<String, String> environment) {
    /** The handler's class name. */
    public String handlerClass() {
        int sep = handler.indexOf("::");
        return sep < 0 ? handler : handler.substring(0, sep);
    }

    /** The handler's method name ({@code handleRequest} when the handler names only a class). */
    public String handlerMethod() {
        int sep = handler.indexOf("::");
        return sep < 0 ? "handleRequest" : handler.substring(sep + 2);
    }
}
