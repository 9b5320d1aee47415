package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed and validated Amazon States Language definition, ready for {@link LocalEngine#execute}.
 * Immutable and safe to run many times, from several threads.
 */
public final class StateMachineDefinition {
    private final StateGraph graph;
    private final Integer timeoutSeconds;
    private final List<TaskState> tasks;

    private StateMachineDefinition(DefinitionParser.Parsed parsed) {
        this.graph = parsed.graph();
        this.timeoutSeconds = parsed.timeoutSeconds();
        this.tasks = parsed.tasks();
    }

    /**
     * Loads a definition, filling CloudFormation pseudo parameters from {@link AwsEnvironment#local()}.
     *
     * @throws UnsupportedFeatureException for a state type, field or feature the engine does not implement
     * @throws DefinitionException for a definition Step Functions would reject; the message says what to fix
     */
    public static StateMachineDefinition load(JsonNode definition) {
        return load(definition, AwsEnvironment.local());
    }

    /**
     * Loads a definition, replacing {@code ${AWS::Partition}}, {@code ${AWS::Region}},
     * {@code ${AWS::AccountId}} and {@code ${AWS::URLSuffix}} with {@code aws}'s values first.
     *
     * @throws DefinitionException as {@link #load(JsonNode)}
     */
    public static StateMachineDefinition load(JsonNode definition, AwsEnvironment aws) {
        if (definition == null) {
            throw DefinitionException.invalid("no definition given");
        }
        return new StateMachineDefinition(DefinitionParser.parse(aws.substitute(definition)));
    }

    /** Loads a definition from its JSON text. */
    public static StateMachineDefinition load(String json) {
        JsonNode tree;
        try {
            tree = Json.parse(json);
        } catch (IllegalArgumentException e) {
            throw DefinitionException.invalid("the definition is " + e.getMessage(), e);
        }
        return load(tree);
    }

    /** The top-level TimeoutSeconds, if set. */
    public Optional<Integer> timeoutSeconds() {
        return Optional.ofNullable(timeoutSeconds);
    }

    /** Every Task Resource the definition uses, nested states included. */
    public Set<String> resources() {
        Set<String> resources = new LinkedHashSet<>();
        tasks.forEach(task -> resources.add(task.resource()));
        return resources;
    }

    StateGraph graph() {
        return graph;
    }

    List<TaskState> tasks() {
        return tasks;
    }
}
