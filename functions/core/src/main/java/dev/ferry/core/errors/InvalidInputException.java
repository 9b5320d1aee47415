package dev.ferry.core.errors;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The input cannot be run: every problem found, each with its JSON path and a fix. Thrown only
 * before anything is written, so the state machines fail fast on it with no rollback.
 */
public class InvalidInputException extends FerryException {
    private final List<Problem> problems;

    public InvalidInputException(List<Problem> problems) {
        super(render(problems));
        this.problems = List.copyOf(problems);
    }

    public InvalidInputException(Problem problem) {
        this(List.of(problem));
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String render(List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an InvalidInputException needs at least one problem");
        }
        return problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in the input:\n"
                + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n"));
    }
}
