package dev.ferry.engine.lambda;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The instances of one function's handler class. Like Lambda's execution environments, an
 * instance serves one invocation at a time and is reused for later ones; concurrent invocations
 * (a Map's iterations) get instances of their own, made with the public no-argument constructor.
 */
final class HandlerPool {
    private final Constructor<?> constructor;
    private final Deque<Object> idle = new ConcurrentLinkedDeque<>();

    HandlerPool(Class<?> type) throws NoSuchMethodException {
        this.constructor = type.getConstructor();
    }

    /**
     * An idle instance, or a new one.
     *
     * @throws Throwable what the handler's constructor or static initializer threw
     */
    Object borrow() throws Throwable {
        Object instance = idle.pollFirst();
        if (instance != null) {
            return instance;
        }
        try {
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } catch (ExceptionInInitializerError e) {
            throw e.getCause() == null ? e : e.getCause();
        }
    }

    void release(Object instance) {
        idle.offerFirst(instance);
    }
}
