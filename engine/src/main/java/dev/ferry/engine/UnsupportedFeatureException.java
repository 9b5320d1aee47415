package dev.ferry.engine;

/**
 * A state type, field, resource or option that the local engine does not implement, found at load
 * time. The message is {@code unsupported: <what>}, e.g. {@code unsupported: field 'ItemReader' in state 'Copy'}.
 */
public final class UnsupportedFeatureException extends DefinitionException {
    /**
     * @param what what is not supported and, where there is one, the way around it
     */
    public UnsupportedFeatureException(String what) {
        super("unsupported: " + what);
    }
}
