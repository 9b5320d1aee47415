package dev.ferry.engine;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The Lambda {@link Context} a handler gets in a local run: a fresh request id, the function's
 * name (its logical id), memory, and a remaining time that counts down, in engine time, from the
 * function's timeout.
 */
final class LocalLambdaContext implements Context {
    private final FunctionSpec function;
    private final TaskContext task;
    private final String requestId = UUID.randomUUID().toString();
    private final Instant deadline;
    private final LambdaLogger logger;

    LocalLambdaContext(FunctionSpec function, TaskContext task, PrintStream log) {
        this.function = function;
        this.task = task;
        this.deadline = task.now().plusSeconds(function.timeoutSeconds());
        this.logger = new LambdaLogger() {
            @Override
            public void log(String message) {
                log.print(message);
            }

            @Override
            public void log(byte[] message) {
                log.print(new String(message, StandardCharsets.UTF_8));
            }
        };
    }

    /** True when the handler ran past the function's timeout. */
    boolean timedOut() {
        return task.now().isAfter(deadline);
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + function.logicalId();
    }

    @Override
    public String getLogStreamName() {
        return "local/" + task.executionName();
    }

    @Override
    public String getFunctionName() {
        return function.logicalId();
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return task.aws().arn("lambda", "function:" + function.logicalId());
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        long left = Duration.between(task.now(), deadline).toMillis();
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, left));
    }

    @Override
    public int getMemoryLimitInMB() {
        return function.memoryMb();
    }

    @Override
    public LambdaLogger getLogger() {
        return logger;
    }
}
