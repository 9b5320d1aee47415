package dev.ferry.local.cli;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** Execution names: generated as {@code ferry-<yyyyMMdd-HHmmss>-<4 hex>}, or given and checked as Step Functions checks them. */
final class ExecutionNames {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final Pattern VALID = Pattern.compile("[^\\s<>{}\\[\\]?*\"#%\\\\^|~`$&,;:/\\p{Cntrl}]{1,80}");

    private ExecutionNames() {
    }

    static String generate(Clock clock) {
        return "ferry-" + STAMP.format(clock.instant()) + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }

    /** The given name, or a generated one when it is null. */
    static String orGenerate(String name, Clock clock) {
        if (name == null) {
            return generate(clock);
        }
        if (!VALID.matcher(name).matches()) {
            throw new CliException("'" + name + "' cannot be an execution name: use 1 to 80 characters without spaces, brackets, "
                    + "wildcards or any of \" # % \\ ^ | ~ ` $ & , ; : /");
        }
        return name;
    }
}
