package dev.ferry.engine.testhandlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

/** A POJO handler that counts the calls its instance has served. */
public class GreetingHandler implements RequestHandler<GreetingHandler.Request, GreetingHandler.Response> {
    /** The input Lambda deserializes. */
    public record Request(String name) {
    }

    /** The output Lambda serializes. */
    public record Response(String greeting, int instanceCalls) {
    }

    private int calls;

    @Override
    public Response handleRequest(Request request, Context context) {
        calls++;
        return new Response("Hello, " + request.name(), calls);
    }
}
