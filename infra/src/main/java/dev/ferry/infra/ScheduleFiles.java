package dev.ferry.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.statemachines.DynamoDbTableCopyWorkflow;
import dev.ferry.statemachines.FerryWorkflow;

/**
 * Reads and checks the schedule files of a directory ({@code events/schedules/*.json}, one schedule each; the
 * format is {@code events/schemas/schedule.schema.json}). Every problem of every file is reported at once, each
 * naming the file and the field and saying how to fix it.
 */
final class ScheduleFiles {

    static final String DEFAULT_TIMEZONE = "UTC";

    /** EventBridge Scheduler schedule names: 1-64 of [0-9a-zA-Z-_.]. */
    static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$");
    static final Pattern RATE = Pattern.compile("^rate\\([1-9][0-9]* (minute|minutes|hour|hours|day|days)\\)$");
    /** Six fields: minutes hours day-of-month month day-of-week year. */
    static final Pattern CRON = Pattern.compile("^cron\\((\\S+) (\\S+) (\\S+) (\\S+) (\\S+) (\\S+)\\)$");
    static final Pattern AT = Pattern.compile("^at\\(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\)$");

    private static final Set<String> FIELDS = Set.of("name", "workflow", "expression", "timezone", "input", "enabled",
            "description");
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    private static final String HOW = " (format: events/schemas/schedule.schema.json; example: "
            + "events/schedules/nightly-table-copy.json)";

    /** One checked schedule file. {@code input} is compact JSON text. */
    record Definition(Path file, String name, String workflow, String expression, String timezone, String input,
                      boolean enabled, String description) {
    }

    private ScheduleFiles() {
    }

    /**
     * The schedules of {@code dir}'s {@code *.json} files (not subdirectories), sorted by file name.
     *
     * @param dir       may be null or missing: no schedules
     * @param workflows the workflows of the stack; a schedule may start those that are schedulable
     * @throws IllegalArgumentException listing every problem, each as {@code <file>: <field>: <problem and fix>}
     */
    static List<Definition> load(Path dir, List<FerryWorkflow> workflows) {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(f -> f.getFileName().toString().endsWith(".json") && Files.isRegularFile(f))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list the schedule files in " + dir + ": " + e.getMessage(), e);
        }
        List<String> schedulable = workflows.stream().filter(FerryWorkflow::schedulable).map(FerryWorkflow::name).toList();
        List<String> problems = new ArrayList<>();
        List<Definition> definitions = new ArrayList<>();
        Map<String, Path> byName = new LinkedHashMap<>();
        for (Path file : files) {
            Definition definition = read(file, schedulable, problems);
            if (definition == null) {
                continue;
            }
            Path other = byName.putIfAbsent(definition.name(), file);
            if (other != null) {
                problems.add(file + ": name: '" + definition.name() + "' is already the name of the schedule in "
                        + other.getFileName() + "; schedule names must be unique, rename one of them");
                continue;
            }
            definitions.add(definition);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid schedule file(s) in " + dir + " (fix them, move them out of the "
                    + "directory, or point -c " + FerryApp.CONTEXT_SCHEDULES_DIR + "=... elsewhere):\n  - "
                    + String.join("\n  - ", problems));
        }
        return List.copyOf(definitions);
    }

    /** The definition of one file, or null after adding its problems to {@code problems}. */
    static Definition read(Path file, List<String> workflows, List<String> problems) {
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            problems.add(file + ": not valid JSON: " + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr()
                    + ")" + HOW);
            return null;
        } catch (IOException e) {
            problems.add(file + ": cannot be read: " + e.getMessage());
            return null;
        }
        if (root == null || !root.isObject()) {
            problems.add(file + ": must hold one JSON object {\"name\", \"workflow\", \"expression\", \"input\", ...}" + HOW);
            return null;
        }
        int before = problems.size();
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!FIELDS.contains(field)) {
                problems.add(file + ": " + field + ": unknown field; the fields are " + FIELDS.stream().sorted().toList());
            }
        }

        String name = text(file, root, "name", true, problems);
        if (name != null && !NAME.matcher(name).matches()) {
            problems.add(file + ": name: '" + name + "' is not a valid schedule name; use 1-64 letters, digits, "
                    + "'-', '_' or '.', starting with a letter or digit");
        }
        String workflow = text(file, root, "workflow", true, problems);
        if (workflow != null && !workflows.contains(workflow)) {
            problems.add(file + ": workflow: unknown workflow '" + workflow + "'; use one of " + workflows);
        }
        String expression = text(file, root, "expression", true, problems);
        if (expression != null) {
            String problem = expressionProblem(expression);
            if (problem != null) {
                problems.add(file + ": expression: " + problem);
            }
        }
        String timezone = text(file, root, "timezone", false, problems);
        if (timezone == null) {
            timezone = DEFAULT_TIMEZONE;
        } else if (!ZoneId.getAvailableZoneIds().contains(timezone)) {
            problems.add(file + ": timezone: unknown time zone '" + timezone + "'; use an IANA name such as UTC, "
                    + "Europe/Paris or America/New_York");
        }
        String description = text(file, root, "description", false, problems);
        boolean enabled = true;
        JsonNode enabledNode = root.get("enabled");
        if (enabledNode != null) {
            if (enabledNode.isBoolean()) {
                enabled = enabledNode.booleanValue();
            } else {
                problems.add(file + ": enabled: must be true or false (without quotes), got " + enabledNode);
            }
        }
        String input = null;
        JsonNode inputNode = root.get("input");
        if (inputNode == null || inputNode.isNull()) {
            problems.add(file + ": input: missing; give the workflow's input object, like events/"
                    + (workflow != null && workflows.contains(workflow) ? workflow : "<workflow>") + ".json");
        } else if (!inputNode.isObject() || inputNode.isEmpty()) {
            problems.add(file + ": input: must be a non-empty JSON object (the workflow's input), got "
                    + (inputNode.isObject() ? "{}" : inputNode.getNodeType().toString().toLowerCase()));
        } else if (DynamoDbTableCopyWorkflow.WORKFLOW.equals(workflow) && inputNode.has("runId")) {
            problems.add(file + ": input.runId: remove it; every scheduled execution is a new run whose run id is "
                    + "its execution name (a fixed runId would make each execution resume the same run)");
        } else {
            try {
                input = MAPPER.writeValueAsString(inputNode);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        if (problems.size() > before) {
            return null;
        }
        return new Definition(file, name, workflow, expression, timezone, input, enabled, description);
    }

    /** Why an EventBridge Scheduler expression is invalid, or null. */
    static String expressionProblem(String expression) {
        if (RATE.matcher(expression).matches() || AT.matcher(expression).matches()) {
            return null;
        }
        var cron = CRON.matcher(expression);
        if (cron.matches()) {
            String dayOfMonth = cron.group(3);
            String dayOfWeek = cron.group(5);
            if ("?".equals(dayOfMonth) == "?".equals(dayOfWeek)) {
                return "'" + expression + "': exactly one of day-of-month (3rd field) and day-of-week (5th field) "
                        + "must be '?', e.g. cron(0 3 * * ? *) for 03:00 every day";
            }
            return null;
        }
        return "'" + expression + "' is not a schedule expression; use rate(<n> minutes|hours|days), "
                + "cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>) such as cron(0 3 * * ? *), "
                + "or at(yyyy-mm-ddThh:mm:ss) for a one-time run";
    }

    private static String text(Path file, JsonNode root, String field, boolean required, List<String> problems) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                problems.add(file + ": " + field + ": missing; it is required" + HOW);
            }
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            problems.add(file + ": " + field + ": must be a non-empty string, got " + node);
            return null;
        }
        return node.asText();
    }
}
