package dev.ferry.infra;

import java.nio.file.Path;

import dev.ferry.statemachines.WorkflowSettings;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.lambda.Code;

/** Props of {@link ControlStack}. */
public final class ControlStackProps {

    private final StackProps stackProps;
    private final Code functionCode;
    private final int mapConcurrency;
    private final Path schedulesDir;

    private ControlStackProps(Builder builder) {
        this.stackProps = builder.stackProps;
        this.functionCode = builder.functionCode;
        this.mapConcurrency = builder.mapConcurrency;
        this.schedulesDir = builder.schedulesDir;
    }

    public static Builder builder() {
        return new Builder();
    }

    public StackProps getStackProps() {
        return stackProps;
    }

    public Code getFunctionCode() {
        return functionCode;
    }

    public int getMapConcurrency() {
        return mapConcurrency;
    }

    /** Where the schedule files are ({@code *.json}); null: no schedules. */
    public Path getSchedulesDir() {
        return schedulesDir;
    }

    public static final class Builder {
        private StackProps stackProps = StackProps.builder().build();
        private Code functionCode;
        private int mapConcurrency = WorkflowSettings.DEFAULT_MAP_CONCURRENCY;
        private Path schedulesDir;

        private Builder() {
        }

        /** Description, env, tags... (default: none, an environment-agnostic stack). */
        public Builder stackProps(StackProps stackProps) {
            this.stackProps = stackProps;
            return this;
        }

        /** The code of every DynamoDB handler: the functions/dynamodb Lambda jar (tests: any small asset). */
        public Builder functionCode(Code functionCode) {
            this.functionCode = functionCode;
            return this;
        }

        /** MaxConcurrency of the Distributed Maps, also given to every function as FERRY_MAP_CONCURRENCY. */
        public Builder mapConcurrency(int mapConcurrency) {
            this.mapConcurrency = mapConcurrency;
            return this;
        }

        /**
         * A directory of schedule files, one EventBridge Scheduler schedule per {@code *.json} (format:
         * {@code events/schemas/schedule.schema.json}). Default none; a missing or empty directory means no
         * schedules, and then the stack has nothing of them. FerryApp passes {@code -c schedulesDir} or
         * {@code events/schedules}.
         */
        public Builder schedulesDir(Path schedulesDir) {
            this.schedulesDir = schedulesDir;
            return this;
        }

        /** @throws IllegalArgumentException naming the missing or invalid prop */
        public ControlStackProps build() {
            if (functionCode == null) {
                throw new IllegalArgumentException("ControlStack: functionCode is required "
                        + "(Code.fromAsset(\"functions/dynamodb/target/ferry-functions-dynamodb-lambda.jar\"))");
            }
            if (stackProps == null) {
                throw new IllegalArgumentException("ControlStack: stackProps must not be null (omit it for the defaults)");
            }
            if (mapConcurrency < 1 || mapConcurrency > WorkflowSettings.MAX_MAP_CONCURRENCY) {
                throw new IllegalArgumentException("ControlStack: mapConcurrency must be between 1 and "
                        + WorkflowSettings.MAX_MAP_CONCURRENCY + ", got " + mapConcurrency);
            }
            return new ControlStackProps(this);
        }
    }
}
