package dev.ferry.statemachines;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import software.amazon.awscdk.services.lambda.IFunction;

/** Props of {@link QuickSightMigrationWorkflow}: a function for each of its handlers, and the stack's settings. */
public final class QuickSightMigrationWorkflowProps {

    /** The handler names the construct needs a function for. */
    public static final List<String> HANDLERS = List.of(QuickSightMigrationWorkflow.VALIDATE, QuickSightMigrationWorkflow.FOUNDATION,
            QuickSightMigrationWorkflow.CHECK_DATA_SOURCE, QuickSightMigrationWorkflow.COPY_DATA_SET,
            QuickSightMigrationWorkflow.MOVE_BUNDLE, QuickSightMigrationWorkflow.VERIFY, QuickSightMigrationWorkflow.REPORT,
            QuickSightMigrationWorkflow.REPORT_FAILURE, FerryWorkflow.ROLLBACK);

    private final Map<String, IFunction> functions;
    private final WorkflowSettings settings;

    private QuickSightMigrationWorkflowProps(Builder builder) {
        this.functions = Map.copyOf(builder.functions);
        this.settings = builder.settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The function of handler {@code name} (one of {@link #HANDLERS}). */
    public IFunction function(String name) {
        return Objects.requireNonNull(functions.get(name), name);
    }

    public WorkflowSettings getSettings() {
        return settings;
    }

    public static final class Builder {
        private final Map<String, IFunction> functions = new LinkedHashMap<>();
        private WorkflowSettings settings = WorkflowSettings.defaults();

        private Builder() {
        }

        /** The function that runs handler {@code name}. */
        public Builder function(String name, IFunction function) {
            functions.put(name, function);
            return this;
        }

        public Builder settings(WorkflowSettings settings) {
            this.settings = settings;
            return this;
        }

        /** @throws IllegalArgumentException naming each handler without a function */
        public QuickSightMigrationWorkflowProps build() {
            List<String> missing = HANDLERS.stream().filter(h -> functions.get(h) == null).toList();
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("QuickSightMigrationWorkflowProps: give a function for handler(s) " + missing
                        + " (builder().function(name, fn))");
            }
            if (settings == null) {
                throw new IllegalArgumentException("QuickSightMigrationWorkflowProps: settings must not be null (omit it for the defaults)");
            }
            return new QuickSightMigrationWorkflowProps(this);
        }
    }
}
