package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/** Pass: passes its input on, or a fixed Result (JSONPath) or an Output (JSONata), doing no work. */
final class PassState extends State {
    private final StateIo io;
    private final JsonNode result;

    private PassState(Header header, StateIo io, JsonNode result) {
        super(header);
        this.io = io;
        this.result = result;
    }

    static PassState parse(Header header, FieldReader r) {
        StateIo io = StateIoParser.parse(r, StateIoParser.PASS);
        JsonNode result = r.language() == QueryLanguage.JSONPATH ? r.get("Result") : null;
        return new PassState(header, io, result);
    }

    @Override
    Outcome execute(StateRun run) {
        JsonNode effective = io.effectiveInput(run);
        JsonNode produced = run.state().language() == QueryLanguage.JSONATA ? null : result != null ? result.deepCopy() : effective;
        return io.complete(run, effective, produced).to(next());
    }

    @Override
    Set<String> assignedVariables() {
        Set<String> names = super.assignedVariables();
        names.addAll(io.assignedVariables());
        return names;
    }
}
