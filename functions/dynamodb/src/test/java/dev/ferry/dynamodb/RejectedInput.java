package dev.ferry.dynamodb;

import dev.ferry.core.errors.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The problems of a rejected input, read back from the message a workflow's Validate failed with. */
public final class RejectedInput {
    /** One problem line: {@code - $.path: message Fix: fix} (the run id's line names the execution). */
    private static final Pattern PROBLEM = Pattern.compile("^\\s*- (\\$[^:]*?(?: \\(execution name\\))?): (.*?) Fix: (.*)$");

    private RejectedInput() {
    }

    /** Every problem line of {@code message} (none when it is null or lists none). */
    public static List<Problem> problems(String message) {
        List<Problem> out = new ArrayList<>();
        if (message == null) {
            return out;
        }
        for (String line : message.split("\n")) {
            Matcher m = PROBLEM.matcher(line);
            if (m.matches()) {
                out.add(new Problem(m.group(1), m.group(2), m.group(3)));
            }
        }
        return out;
    }
}
