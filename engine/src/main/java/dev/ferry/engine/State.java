package dev.ferry.engine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A parsed state: what every type has, and how it runs ({@link #execute}). */
abstract class State {
    /** A graph nested in a state, and whether its states can read the enclosing scope's variables. */
    record Nested(StateGraph graph, boolean seesOuterVariables) {
    }

    private final String name;
    private final String type;
    private final QueryLanguage language;
    private final String next;

    State(Header header) {
        this.name = header.name();
        this.type = header.type();
        this.language = header.language();
        this.next = header.next();
    }

    /** What the parser reads before the type-specific fields. */
    record Header(String name, String type, QueryLanguage language, String next) {
    }

    /**
     * Runs one attempt of the state.
     *
     * @throws StatesError (or a {@link dev.ferry.engine.QueryException}) when it fails
     */
    abstract Outcome execute(StateRun run);

    String name() {
        return name;
    }

    String type() {
        return type;
    }

    QueryLanguage language() {
        return language;
    }

    /** The state that follows, or null when the state ends its branch (End, Succeed, Fail, Choice). */
    String next() {
        return next;
    }

    ErrorHandling errorHandling() {
        return ErrorHandling.NONE;
    }

    /** Every state this one can go to: Next, the Choice rules' and Default's targets, the Catchers' Next. */
    Set<String> transitions() {
        Set<String> targets = new LinkedHashSet<>();
        if (next != null) {
            targets.add(next);
        }
        errorHandling().catchers().forEach(c -> targets.add(c.next()));
        return targets;
    }

    /** The variable names this state assigns, in its own scope. */
    Set<String> assignedVariables() {
        Set<String> names = new LinkedHashSet<>();
        errorHandling().catchers().forEach(c -> names.addAll(c.assignedVariables()));
        return names;
    }

    List<Nested> nested() {
        return new ArrayList<>();
    }
}
