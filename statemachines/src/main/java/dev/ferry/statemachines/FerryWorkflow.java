package dev.ferry.statemachines;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.Construct;

/**
 * One Ferry workflow, described once: everything the control stack, the schedules, the checked-in ASL and the
 * CLI need to know about it. A workflow is added by one {@link Provider} (listed in
 * {@code META-INF/services/dev.ferry.statemachines.FerryWorkflow$Provider}), its functions module and its
 * construct; {@link FerryWorkflows#all()} finds it, and nothing else lists workflows.
 *
 * @param name            e.g. {@code dynamodb-table-copy}: the files {@code statemachines/asl/<name>.asl.json} and
 *                        {@code .functions.json}, {@code events/<name>.json} and
 *                        {@code events/schemas/<name>.schema.json}, and the {@code workflow} of a schedule file
 * @param constructId     PascalCase, e.g. {@code DynamoDbTableCopy}: the construct's id, the prefix of its
 *                        functions' ids ({@code <constructId><Handler>Function}) and of its stack output
 *                        {@code <constructId>StateMachineArn}. It must be the name without dashes, in any case:
 *                        {@code ferry start <name>} finds the output that way
 * @param description     one sentence: what a run does
 * @param functionsModule repository-relative folder of the functions module, e.g. {@code functions/dynamodb}
 * @param functionsJar    repository-relative path of that module's Lambda jar,
 *                        {@code <module>/target/<artifactId>-lambda.jar}
 * @param handlers        the Lambda handlers the workflow's own functions run, each sized; one function each
 * @param schedulable     whether schedule files ({@code events/schedules/*.json}) may start it
 * @param factory         builds the workflow's state machine
 * @param access          what its functions need beyond what every Ferry function gets (a VPC, permissions); none by default
 */
public record FerryWorkflow(String name, String constructId, String description, String functionsModule,
                            String functionsJar, List<Handler> handlers, boolean schedulable, Factory factory, Access access) {

    /**
     * What a workflow's functions need beyond the ledger, the reports and the tables every function may use: a
     * network to run in (a database's VPC) and permissions of their own. The control stack applies it to the
     * functions it makes from the descriptor; each wildcard comes with the reason cdk-nag is told.
     */
    public interface Access {
        /** The VPC placement, read from the app's context at synth, or null to run outside any VPC. */
        default VpcPlacement vpc(software.constructs.Construct scope) {
            return null;
        }

        /** Statements for the roles of some of the workflow's functions. */
        default List<Grant> grants(software.constructs.Construct scope) {
            return List.of();
        }
    }

    /**
     * Functions placed in existing subnets with existing security groups (ids, so synth needs no lookup).
     *
     * @param handlers the handlers placed there (the others stay outside any VPC)
     */
    public record VpcPlacement(List<String> subnetIds, List<String> securityGroupIds, List<String> handlers) {
    }

    /**
     * A policy statement for some handlers' roles.
     *
     * @param statement      what is allowed
     * @param wildcardReason why its resources or actions hold a wildcard (cdk-nag IAM5), or null when none do
     * @param handlers       the handlers whose roles get it
     */
    public record Grant(software.amazon.awscdk.services.iam.PolicyStatement statement, String wildcardReason, List<String> handlers) {
    }

    /** Lower-case words joined by single dashes, at most 64 characters. */
    public static final Pattern NAME = Pattern.compile("^(?=.{1,64}$)[a-z][a-z0-9]*(-[a-z0-9]+)*$");
    static final Pattern CONSTRUCT_ID = Pattern.compile("^[A-Z][A-Za-z0-9]*$");
    static final Pattern HANDLER_NAME = Pattern.compile("^[A-Z][A-Za-z0-9]{0,63}$");
    static final Pattern CLASS_NAME = Pattern.compile("^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*\\.[A-Z][A-Za-z0-9_$]*$");
    static final Pattern MODULE = Pattern.compile("^[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*$");

    /**
     * The handler name of a workflow's own rollback. The {@code rollback} workflow dispatches a run to the
     * {@code Rollback} function of the workflow that made it, so a workflow that creates anything declares one.
     */
    public static final String ROLLBACK = "Rollback";
    /**
     * The class every {@link #ROLLBACK} function runs (from its own module's jar, where the module registers the
     * undoers of the resource types it creates); its payload is {@code {"runId", "inputHash", "error", "cause",
     * "unitFailed"?}} after a failure, or {@code {"runId", "onDemand": true}} from the rollback workflow.
     */
    public static final String ROLLBACK_HANDLER = "dev.ferry.core.rollback.RollbackHandler";

    /**
     * One Lambda handler of a workflow.
     *
     * @param name           PascalCase, unique in the workflow, e.g. {@code CopySegment} (usually its Task state's name)
     * @param className      the handler class, e.g. {@code dev.ferry.dynamodb.copy.CopySegmentHandler}
     * @param memoryMB       the function's memory
     * @param timeoutSeconds the function's timeout
     */
    public record Handler(String name, String className, int memoryMB, int timeoutSeconds) {

        public Handler {
            require(name != null && HANDLER_NAME.matcher(name).matches(), "handler name '" + name
                    + "' must be PascalCase letters and digits, e.g. CopySegment");
            require(className != null && CLASS_NAME.matcher(className).matches(), "handler " + name + ": className '"
                    + className + "' must be a fully qualified class name, e.g. dev.ferry.dynamodb.copy.CopySegmentHandler");
            require(memoryMB > 0 && timeoutSeconds > 0, "handler " + name + ": memoryMB and timeoutSeconds must be "
                    + "positive, got " + memoryMB + " / " + timeoutSeconds);
        }

        /** The Lambda handler string: {@code <className>::handleRequest}. */
        public String handler() {
            return className + "::handleRequest";
        }
    }

    /** Builds a workflow's state machine (and whatever else its construct holds) under {@code scope}. */
    @FunctionalInterface
    public interface Factory {
        /**
         * @param scope     where the workflow's construct goes
         * @param id        the construct's id: the workflow's {@link FerryWorkflow#constructId()}
         * @param functions this workflow's functions by handler name (and, for a dispatcher such as rollback,
         *                  other workflows' functions)
         * @param settings  what every workflow of the stack shares: Map concurrency, logging
         * @return the workflow's state machine
         */
        StateMachine create(Construct scope, String id, WorkflowFunctions functions, WorkflowSettings settings);
    }

    /** A workflow's descriptor, found by {@link java.util.ServiceLoader} (see {@link FerryWorkflows}). */
    public interface Provider {
        FerryWorkflow workflow();
    }

    public FerryWorkflow {
        require(name != null && NAME.matcher(name).matches(), "workflow name '" + name + "' must be lower-case words "
                + "joined by dashes (at most 64 characters), e.g. dynamodb-table-copy");
        String what = "workflow " + name + ": ";
        require(constructId != null && CONSTRUCT_ID.matcher(constructId).matches()
                        && constructId.equalsIgnoreCase(name.replace("-", "")),
                what + "constructId '" + constructId + "' must be the name without its dashes in PascalCase (e.g. "
                        + "DynamoDbTableCopy for dynamodb-table-copy): `ferry start " + name + "` looks for the stack "
                        + "output <name without dashes>StateMachineArn, ignoring case");
        require(description != null && !description.isBlank(), what + "description is required (one sentence)");
        require(functionsModule != null && MODULE.matcher(functionsModule).matches(), what + "functionsModule '"
                + functionsModule + "' must be a repository-relative folder such as functions/dynamodb");
        require(functionsJar != null && functionsJar.startsWith(functionsModule + "/target/")
                        && functionsJar.endsWith("-lambda.jar") && functionsJar.indexOf('/', functionsModule.length() + 8) < 0,
                what + "functionsJar '" + functionsJar + "' must be the module's Lambda jar, " + functionsModule
                        + "/target/<artifactId>-lambda.jar");
        require(handlers != null && !handlers.isEmpty(), what + "give at least one handler");
        handlers = List.copyOf(handlers);
        Set<String> names = new HashSet<>();
        for (Handler handler : handlers) {
            require(names.add(handler.name()), what + "two handlers are named " + handler.name()
                    + "; handler names are unique in a workflow (they name its functions)");
            require(!ROLLBACK.equals(handler.name()) || ROLLBACK_HANDLER.equals(handler.className()), what
                    + "the Rollback handler must run " + ROLLBACK_HANDLER + " (the rollback workflow calls it with "
                    + "{\"runId\", \"onDemand\": true}), not " + handler.className());
        }
        require(factory != null, what + "factory is required (it builds the workflow's state machine)");
        access = access == null ? new Access() { } : access;
    }

    /** The handler named {@code handlerName}, if the workflow has one. */
    public Optional<Handler> handler(String handlerName) {
        return handlers.stream().filter(h -> h.name().equals(handlerName)).findFirst();
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("FerryWorkflow: " + message);
        }
    }

    /** Builds a {@link FerryWorkflow} field by field (the record's constructor checks them). */
    public static final class Builder {
        private final String name;
        private String constructId;
        private String description;
        private String functionsModule;
        private String functionsJar;
        private final List<Handler> handlers = new ArrayList<>();
        private boolean schedulable;
        private Factory factory;
        private Access access;

        private Builder(String name) {
            this.name = name;
        }

        public Builder constructId(String constructId) {
            this.constructId = constructId;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /** The functions module (e.g. {@code functions/dynamodb}) and its Lambda jar (repository-relative). */
        public Builder functions(String module, String jar) {
            this.functionsModule = module;
            this.functionsJar = jar;
            return this;
        }

        public Builder handler(String handlerName, String className, int memoryMB, int timeoutSeconds) {
            handlers.add(new Handler(handlerName, className, memoryMB, timeoutSeconds));
            return this;
        }

        /** Whether schedule files may start it (default false). */
        public Builder schedulable(boolean schedulable) {
            this.schedulable = schedulable;
            return this;
        }

        /** What the functions need beyond the defaults (a VPC, permissions). */
        public Builder access(Access access) {
            this.access = access;
            return this;
        }

        public Builder factory(Factory factory) {
            this.factory = factory;
            return this;
        }

        /** @throws IllegalArgumentException naming the workflow, the field and the fix */
        public FerryWorkflow build() {
            return new FerryWorkflow(name, constructId, description, functionsModule, functionsJar, handlers,
                    schedulable, factory, access);
        }
    }
}
