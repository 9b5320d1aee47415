package dev.ferry.engine;

import java.util.EnumSet;
import java.util.Set;

/** Reads the input/output processing fields a state type allows, in its query language. */
final class StateIoParser {
    /** The processing fields; each state type allows some of them. */
    enum IoField { INPUT_PATH, PARAMETERS, RESULT_SELECTOR, RESULT_PATH, OUTPUT_PATH, ARGUMENTS, OUTPUT, ASSIGN }

    static final Set<IoField> ALL = EnumSet.allOf(IoField.class);
    static final Set<IoField> FLOW = EnumSet.of(IoField.INPUT_PATH, IoField.OUTPUT_PATH, IoField.OUTPUT, IoField.ASSIGN);
    static final Set<IoField> PASS = EnumSet.of(IoField.INPUT_PATH, IoField.PARAMETERS, IoField.RESULT_PATH, IoField.OUTPUT_PATH,
            IoField.OUTPUT, IoField.ASSIGN);
    static final Set<IoField> SUCCEED = EnumSet.of(IoField.INPUT_PATH, IoField.OUTPUT_PATH, IoField.OUTPUT);
    static final Set<IoField> MAP = EnumSet.of(IoField.INPUT_PATH, IoField.RESULT_SELECTOR, IoField.RESULT_PATH, IoField.OUTPUT_PATH,
            IoField.OUTPUT, IoField.ASSIGN);

    private StateIoParser() {
    }

    static StateIo parse(FieldReader r, Set<IoField> allowed) {
        if (r.language() == QueryLanguage.JSONATA) {
            return new JsonataIo(
                    allowed.contains(IoField.ARGUMENTS) ? r.jsonata("Arguments") : null,
                    allowed.contains(IoField.OUTPUT) ? r.jsonata("Output") : null,
                    allowed.contains(IoField.ASSIGN) && r.assignObject() != null ? r.jsonata("Assign") : null);
        }
        boolean discardResult = allowed.contains(IoField.RESULT_PATH) && r.has("ResultPath") && r.get("ResultPath").isNull();
        return new JsonPathIo(
                allowed.contains(IoField.INPUT_PATH) ? r.pathField("InputPath") : JsonPathIo.PathField.ALL,
                allowed.contains(IoField.PARAMETERS) ? r.payload("Parameters") : null,
                allowed.contains(IoField.RESULT_SELECTOR) ? r.payload("ResultSelector") : null,
                allowed.contains(IoField.RESULT_PATH) ? r.referencePath("ResultPath") : null,
                discardResult,
                allowed.contains(IoField.OUTPUT_PATH) ? r.pathField("OutputPath") : JsonPathIo.PathField.ALL,
                allowed.contains(IoField.ASSIGN) && r.assignObject() != null ? r.payload("Assign") : null);
    }
}
