package dev.ferry.engine;

import java.lang.reflect.InvocationTargetException;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The instances of one function's handler class. Like Lambda's execution environments, an
 * instance serves one invocation at a time and is reused for later ones; concurrent invocations
 * (a Map's iterations) get instances of their own, made by the {@link HandlerFactory}.
 */
final class HandlerPool {
    private final Class<?> type;
    private final HandlerFactory factory;
    private final Deque<Object> idle = new ConcurrentLinkedDeque<>();

    HandlerPool(Class<?> type, HandlerFactory factory) {
        this.type = type;
        this.factory = factory;
    }

    /**
     * An idle instance, or a new one.
     *
     * @throws Throwable what the factory (the handler's constructor or static initializer) threw
     */
    Object borrow() throws Throwable {
        Object instance = idle.pollFirst();
        if (instance != null) {
            return instance;
        }
        try {
            instance = factory.create(type);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } catch (ExceptionInInitializerError e) {
            throw e.getCause() == null ? e : e.getCause();
        }
        if (!type.isInstance(instance)) {
            throw new IllegalStateException("the handler factory made " + (instance == null ? "null" : "a " + instance.getClass().getName())
                    + ", not a " + type.getName());
        }
        return instance;
    }

    void release(Object instance) {
        idle.offerFirst(instance);
    }
}
