package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parallel: runs every branch on the same input at once; its result is the array of the branches'
 * outputs in branch order. If a branch fails, the others are stopped and the Parallel state fails
 * with that branch's error, which its own Retry and Catch then see.
 */
final class ParallelState extends State {
    private final List<StateGraph> branches;
    private final StateIo io;
    private final ErrorHandling errorHandling;

    private ParallelState(Header header, List<StateGraph> branches, StateIo io, ErrorHandling errorHandling) {
        super(header);
        this.branches = branches;
        this.io = io;
        this.errorHandling = errorHandling;
    }

    static ParallelState parse(Header header, FieldReader r, DefinitionParser parser) {
        var array = r.array("Branches");
        if (array == null || array.isEmpty()) {
            throw r.invalid("'Branches' must be a non-empty array of {StartAt, States}");
        }
        List<StateGraph> branches = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            branches.add(parser.graph(array.get(i), "Branches[" + i + "] of state '" + header.name() + "'", Set.of()));
        }
        StateIo io = StateIoParser.parse(r, StateIoParser.ALL);
        return new ParallelState(header, List.copyOf(branches), io, ErrorHandlingParser.parse(r, header.name()));
    }

    @Override
    ErrorHandling errorHandling() {
        return errorHandling;
    }

    @Override
    Outcome execute(StateRun run) {
        JsonNode input = io.effectiveInput(run);
        Cancellation group = run.cancellation().child();
        List<JsonNode> outputs = Fork.all(run, branches.size(), i -> new ScopeRun(run.execution(), branches.get(i),
                run.variables().child(), run.path() + "/" + i, group).run(input), group);
        ArrayNode result = Json.MAPPER.createArrayNode();
        outputs.forEach(result::add);
        return io.complete(run, input, result).to(next());
    }

    @Override
    Set<String> assignedVariables() {
        Set<String> names = super.assignedVariables();
        names.addAll(io.assignedVariables());
        return names;
    }

    @Override
    List<Nested> nested() {
        return branches.stream().map(b -> new Nested(b, true)).toList();
    }
}
