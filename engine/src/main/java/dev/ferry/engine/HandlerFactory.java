package dev.ferry.engine;

/**
 * Makes the instances of a function's handler class. Lambda's Java runtime calls the public
 * no-argument constructor ({@link #noArgConstructor()}, the default); a local run can instead build
 * handlers with their dependencies (a table name, a reports location, endpoints, a clock) passed in.
 *
 * <p>An instance serves one invocation at a time and is reused for later ones; concurrent
 * invocations (a Map's iterations) get instances of their own, so {@link #create} may be called
 * several times for one class, from several threads at once.
 *
 * <pre>{@code
 * HandlerFactory factory = type -> type == CopyHandler.class ? new CopyHandler(ledger, reports)
 *         : HandlerFactory.noArgConstructor().create(type);
 * new LambdaTaskInvoker(functions, factory).registerWith(LocalEngine.builder());
 * }</pre>
 */
@FunctionalInterface
public interface HandlerFactory {
    /**
     * A new instance of {@code handlerClass}.
     *
     * @param handlerClass the class the functions map names as the handler, already loaded
     * @return an instance of {@code handlerClass}, never null
     * @throws Exception when the handler cannot be made: the invocation that needed it fails with
     *                   the exception's class name as its error (an {@link java.lang.reflect.InvocationTargetException}
     *                   is unwrapped to the constructor's exception first)
     */
    Object create(Class<?> handlerClass) throws Exception;

    /** Makes handlers as Lambda does: with the class's public no-argument constructor. */
    static HandlerFactory noArgConstructor() {
        return handlerClass -> handlerClass.getConstructor().newInstance();
    }
}
