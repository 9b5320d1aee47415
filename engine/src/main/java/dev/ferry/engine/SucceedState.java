package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;

/** Succeed: ends its branch (or the execution) successfully with its input as output. */
final class SucceedState extends State {
    private final StateIo io;

    private SucceedState(Header header, StateIo io) {
        super(header);
        this.io = io;
    }

    static SucceedState parse(Header header, FieldReader r) {
        return new SucceedState(header, StateIoParser.parse(r, StateIoParser.SUCCEED));
    }

    @Override
    Outcome execute(StateRun run) {
        JsonNode effective = io.effectiveInput(run);
        return io.complete(run, effective, null).to(null);
    }
}
