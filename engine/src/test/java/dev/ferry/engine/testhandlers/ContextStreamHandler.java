package dev.ferry.engine.testhandlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Echoes its input with what the Lambda context told it. */
public class ContextStreamHandler implements RequestStreamHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ObjectNode out = JSON.createObjectNode();
        out.set("received", JSON.readTree(input));
        out.put("function", context.getFunctionName());
        out.put("requestId", context.getAwsRequestId());
        out.put("remainingMillis", context.getRemainingTimeInMillis());
        out.put("memoryMB", context.getMemoryLimitInMB());
        out.put("arn", context.getInvokedFunctionArn());
        context.getLogger().log("handled\n");
        output.write(JSON.writeValueAsBytes(out));
    }
}
