package dev.ferry.engine;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JavaType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Calls a handler the way Lambda's Java runtime does: a {@link RequestStreamHandler} gets the
 * payload's bytes and writes the response's; a {@link RequestHandler} (or a public method named in
 * the handler string) gets the payload converted with Jackson to its input type, and its result is
 * serialized back.
 */
@FunctionalInterface
interface HandlerCall {
    /** Runs the handler; throws whatever the handler throws. */
    byte[] invoke(Object handler, byte[] payload, Context context) throws Throwable;

    /**
     * How to call {@code method} of {@code type}.
     *
     * @throws IllegalArgumentException when the class has no method Lambda could call
     */
    static HandlerCall of(Class<?> type, String method) {
        if (method.equals("handleRequest") && RequestStreamHandler.class.isAssignableFrom(type)) {
            return (handler, payload, context) -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ((RequestStreamHandler) handler).handleRequest(new ByteArrayInputStream(payload), out, context);
                return out.toByteArray();
            };
        }
        if (method.equals("handleRequest") && RequestHandler.class.isAssignableFrom(type)) {
            JavaType input = Json.MAPPER.getTypeFactory().findTypeParameters(type, RequestHandler.class)[0];
            return (handler, payload, context) -> {
                @SuppressWarnings("unchecked")
                RequestHandler<Object, Object> typed = (RequestHandler<Object, Object>) handler;
                return Json.MAPPER.writeValueAsBytes(typed.handleRequest(read(payload, input), context));
            };
        }
        return reflective(type, method);
    }

    private static HandlerCall reflective(Class<?> type, String name) {
        for (Method m : type.getMethods()) {
            if (!m.getName().equals(name) || Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            Class<?>[] params = m.getParameterTypes();
            if (params.length >= 2 && params[0] == InputStream.class && params[1] == OutputStream.class
                    && (params.length == 2 || params.length == 3 && params[2] == Context.class)) {
                return (handler, payload, context) -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    call(m, handler, params.length == 2 ? new Object[]{new ByteArrayInputStream(payload), out}
                            : new Object[]{new ByteArrayInputStream(payload), out, context});
                    return out.toByteArray();
                };
            }
            if (params.length == 1 || params.length == 2 && params[1] == Context.class) {
                JavaType input = Json.MAPPER.getTypeFactory().constructType(m.getGenericParameterTypes()[0]);
                return (handler, payload, context) -> {
                    Object in = read(payload, input);
                    Object result = call(m, handler, params.length == 1 ? new Object[]{in} : new Object[]{in, context});
                    return Json.MAPPER.writeValueAsBytes(result);
                };
            }
        }
        throw new IllegalArgumentException(type.getName() + " has no public method " + name
                + "(input[, Context]) or " + name + "(InputStream, OutputStream[, Context]) that Lambda could call");
    }

    private static Object read(byte[] payload, JavaType type) throws IOException {
        return payload.length == 0 ? null : Json.MAPPER.readValue(payload, type);
    }

    private static Object call(Method m, Object handler, Object[] args) throws Throwable {
        try {
            return m.invoke(handler, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
