package dev.ferry.infra;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.lambda.Code;

/** Props of {@link FerryFunction}: which handler, its code, sizing and environment. */
public final class FerryFunctionProps {

    private static final Pattern HANDLER = Pattern.compile("^[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*::[A-Za-z_$][\\w$]*$");

    private final Code code;
    private final String handler;
    private final int memorySize;
    private final Duration timeout;
    private final Map<String, String> environment;
    private final String description;

    private FerryFunctionProps(Builder builder) {
        this.code = builder.code;
        this.handler = builder.handler;
        this.memorySize = builder.memorySize;
        this.timeout = builder.timeout;
        this.environment = Map.copyOf(builder.environment);
        this.description = builder.description;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Code getCode() {
        return code;
    }

    /** {@code fully.qualified.Class::method}. */
    public String getHandler() {
        return handler;
    }

    public int getMemorySize() {
        return memorySize;
    }

    public Duration getTimeout() {
        return timeout;
    }

    /** Insertion order is not kept here; {@link FerryFunction} sorts the variables for a stable template. */
    public Map<String, String> getEnvironment() {
        return environment;
    }

    public String getDescription() {
        return description;
    }

    public static final class Builder {
        private Code code;
        private String handler;
        private int memorySize;
        private Duration timeout;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private String description;

        private Builder() {
        }

        /** The Lambda artifact (the shaded jar of a functions/ module). */
        public Builder code(Code code) {
            this.code = code;
            return this;
        }

        /** {@code fully.qualified.Class::method}, e.g. {@code dev.ferry.dynamodb.copy.ValidateCopyHandler::handleRequest}. */
        public Builder handler(String handler) {
            this.handler = handler;
            return this;
        }

        /** Memory in MB, 128..10240. */
        public Builder memorySize(int memorySize) {
            this.memorySize = memorySize;
            return this;
        }

        /** 1 s .. 15 min. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Adds environment variables (later values win). */
        public Builder environment(Map<String, String> variables) {
            this.environment.putAll(variables);
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /** @throws IllegalArgumentException naming the missing or invalid prop */
        public FerryFunctionProps build() {
            if (code == null) {
                throw new IllegalArgumentException("FerryFunction: code is required (Code.fromAsset(<the functions jar>))");
            }
            if (handler == null || !HANDLER.matcher(handler).matches()) {
                throw new IllegalArgumentException("FerryFunction: handler must be 'fully.qualified.Class::method', got '"
                        + handler + "'");
            }
            if (memorySize < 128 || memorySize > 10_240) {
                throw new IllegalArgumentException("FerryFunction " + handler + ": memorySize must be 128..10240 MB, got "
                        + memorySize);
            }
            if (timeout == null || timeout.toSeconds().intValue() < 1 || timeout.toSeconds().intValue() > 900) {
                throw new IllegalArgumentException("FerryFunction " + handler + ": timeout must be 1 s .. 15 min, got "
                        + (timeout == null ? "none" : timeout.toHumanString()));
            }
            environment.forEach((name, value) -> {
                if (value == null) {
                    throw new IllegalArgumentException("FerryFunction " + handler + ": environment variable " + name
                            + " has no value");
                }
            });
            return new FerryFunctionProps(this);
        }
    }
}
