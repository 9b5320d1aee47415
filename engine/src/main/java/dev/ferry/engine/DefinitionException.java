package dev.ferry.engine;

/**
 * A state machine definition the engine cannot run, found at load time, before anything runs.
 * The message says which state and field are wrong and how to fix them; it starts with
 * {@code invalid definition:} for a definition Step Functions would reject too, and with
 * {@code unsupported:} ({@link UnsupportedFeatureException}) for a feature the local engine lacks.
 */
public class DefinitionException extends RuntimeException {
    DefinitionException(String message) {
        super(message);
    }

    DefinitionException(String message, Throwable cause) {
        super(message, cause);
    }

    static DefinitionException invalid(String reason) {
        return new DefinitionException("invalid definition: " + reason);
    }

    static DefinitionException invalid(String reason, Throwable cause) {
        return new DefinitionException("invalid definition: " + reason, cause);
    }
}
