package dev.ferry.infra;

import java.nio.file.Path;
import java.util.function.Function;

import dev.ferry.statemachines.WorkflowSettings;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.lambda.Code;

/** Props of {@link ControlStack}. */
public final class ControlStackProps {

    private final StackProps stackProps;
    private final Function<String, Code> codeForJar;
    private final int mapConcurrency;
    private final Path schedulesDir;

    private ControlStackProps(Builder builder) {
        this.stackProps = builder.stackProps;
        this.codeForJar = builder.codeForJar;
        this.mapConcurrency = builder.mapConcurrency;
        this.schedulesDir = builder.schedulesDir;
    }

    public static Builder builder() {
        return new Builder();
    }

    public StackProps getStackProps() {
        return stackProps;
    }

    /** The code of a workflow's functions, from its Lambda jar's repository-relative path. */
    public Function<String, Code> getCodeForJar() {
        return codeForJar;
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
        private Function<String, Code> codeForJar;
        private int mapConcurrency = WorkflowSettings.DEFAULT_MAP_CONCURRENCY;
        private Path schedulesDir;

        private Builder() {
        }

        /** Description, env, tags... (default: none, an environment-agnostic stack). */
        public Builder stackProps(StackProps stackProps) {
            this.stackProps = stackProps;
            return this;
        }

        /**
         * How to get the code of a workflow's functions from its Lambda jar, given as the descriptor's
         * repository-relative path (e.g. {@code functions/dynamodb/target/ferry-functions-dynamodb-lambda.jar}).
         * Called once per jar: workflows of one module share one asset. FerryApp resolves the jars under the
         * repository root; tests give any small asset.
         */
        public Builder codeForJar(Function<String, Code> codeForJar) {
            this.codeForJar = codeForJar;
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
            if (codeForJar == null) {
                throw new IllegalArgumentException("ControlStack: codeForJar is required: the code of each workflow's "
                        + "Lambda jar, e.g. jar -> Code.fromAsset(repoRoot.resolve(jar).toString()) for "
                        + "functions/dynamodb/target/ferry-functions-dynamodb-lambda.jar");
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
