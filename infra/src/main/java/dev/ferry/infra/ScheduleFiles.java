package dev.ferry.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.errors.Problem;
import dev.ferry.core.validation.InputSchema;
import dev.ferry.statemachines.FerryWorkflow;

/**
 * Reads and checks the schedule files of a directory ({@code events/schedules/*.json}, one schedule each).
 * Every problem of every file is reported at once, each naming the file and the field and saying how to fix it:
 * <ol>
 *   <li>the file against {@code events/schemas/schedule.schema.json}, with the same validator that checks
 *       workflow inputs ({@link InputSchema}, from ferry-core);</li>
 *   <li>what one schema cannot say: the workflow is a schedulable workflow of the stack (from the workflow
 *       descriptors), the time zone exists, a cron expression has its one '?', schedule names are unique across
 *       files;</li>
 *   <li>the {@code input} against the target workflow's own input schema
 *       ({@code events/schemas/<workflow>.schema.json}, where there is one), without a {@code runId} when that
 *       schema makes it optional: then it names the run itself, and a fixed one would make every scheduled
 *       execution resume the same run.</li>
 * </ol>
 */
final class ScheduleFiles {

    static final String DEFAULT_TIMEZONE = "UTC";
    /** The schema of a schedule file: {@code events/schemas/schedule.schema.json}, packaged by ferry-core. */
    static final String SCHEMA = "schedule";
    /** Where ferry-core packages {@code events/schemas/} ({@link InputSchema#forWorkflow}). */
    static final String SCHEMAS_RESOURCE = "ferry/schemas/";
    static final String RUN_ID = "runId";

    /** Six fields: minutes hours day-of-month month day-of-week year. */
    static final Pattern CRON = Pattern.compile("^cron\\((\\S+) (\\S+) (\\S+) (\\S+) (\\S+) (\\S+)\\)$");

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
        Checker checker = new Checker(workflows);
        List<String> problems = new ArrayList<>();
        List<Definition> definitions = new ArrayList<>();
        Map<String, Path> byName = new LinkedHashMap<>();
        for (Path file : files) {
            Definition definition = checker.read(file, problems);
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

    /** Checks files against the schemas and the stack's workflows; loads each schema once. */
    static final class Checker {
        private final List<FerryWorkflow> workflows;
        private final List<String> schedulable;
        private final InputSchema scheduleSchema = InputSchema.forWorkflow(SCHEMA);
        private final JsonNode scheduleSchemaJson = schemaJson(SCHEMA)
                .orElseThrow(() -> new IllegalStateException("ferry-core has no " + SCHEMAS_RESOURCE + SCHEMA
                        + ".schema.json on the classpath"));
        private final Map<String, InputSchema> inputSchemas = new HashMap<>();

        Checker(List<FerryWorkflow> workflows) {
            this.workflows = List.copyOf(workflows);
            this.schedulable = workflows.stream().filter(FerryWorkflow::schedulable).map(FerryWorkflow::name).toList();
        }

        /** The definition of one file, or null after adding its problems to {@code problems}. */
        Definition read(Path file, List<String> problems) {
            String text;
            JsonNode root;
            try {
                text = Files.readString(file);
                if (text.startsWith("\uFEFF")) {
                    text = text.substring(1); // a UTF-8 byte-order mark, as some editors write one
                }
                root = MAPPER.readTree(text);
            } catch (JsonProcessingException e) {
                problems.add(file + ": not valid JSON: " + e.getOriginalMessage() + " (line "
                        + e.getLocation().getLineNr() + ")" + HOW);
                return null;
            } catch (IOException e) {
                problems.add(file + ": cannot be read: " + e.getMessage());
                return null;
            }
            if (root == null || root.isMissingNode()) {
                problems.add(file + ": is empty; it must hold one JSON object {\"name\", \"workflow\", \"expression\", "
                        + "\"input\", ...}" + HOW);
                return null;
            }
            int before = problems.size();
            for (Problem problem : scheduleSchema.check(text)) {
                problems.add(file + ": " + field("", problem.path()) + problem.message() + " Fix: " + problem.fix()
                        + about(problem.path()));
            }

            String workflow = root.path("workflow").isTextual() ? root.path("workflow").asText() : null;
            if (workflow != null && !workflow.isBlank() && !schedulable.contains(workflow)) {
                boolean exists = workflows.stream().anyMatch(w -> w.name().equals(workflow));
                problems.add(file + ": workflow: " + (exists ? "workflow '" + workflow + "' cannot be scheduled (its "
                        + "descriptor is not schedulable)" : "unknown workflow '" + workflow + "'") + "; use one of "
                        + schedulable);
            }
            JsonNode expression = root.path("expression");
            if (expression.isTextual()) {
                String problem = cronProblem(expression.asText());
                if (problem != null) {
                    problems.add(file + ": expression: " + problem);
                }
            }
            JsonNode timezone = root.path("timezone");
            if (timezone.isTextual() && !timezone.asText().isEmpty()
                    && !ZoneId.getAvailableZoneIds().contains(timezone.asText())) {
                problems.add(file + ": timezone: unknown time zone '" + timezone.asText() + "'; use an IANA name such "
                        + "as UTC, Europe/Paris or America/New_York");
            }
            JsonNode input = root.path("input");
            if (input.isObject() && workflow != null && schedulable.contains(workflow)) {
                checkInput(file, workflow, input, problems);
            }
            if (problems.size() > before) {
                return null;
            }
            return new Definition(file, root.path("name").asText(), workflow, expression.asText(),
                    timezone.isTextual() ? timezone.asText() : DEFAULT_TIMEZONE, compact(input),
                    root.path("enabled").asBoolean(true),
                    root.path("description").isTextual() ? root.path("description").asText() : null);
        }

        /** The input against its workflow's own schema, and no fixed runId where runId names the run itself. */
        private void checkInput(Path file, String workflow, JsonNode input, List<String> problems) {
            Optional<JsonNode> inputSchemaJson = schemaJson(workflow);
            if (inputSchemaJson.isEmpty()) {
                return; // a workflow without an input schema: its Validate step is the only check
            }
            if (input.has(RUN_ID) && runIdNamesTheRun(inputSchemaJson.get())) {
                problems.add(file + ": input." + RUN_ID + ": remove it; every scheduled execution is a new run whose run "
                        + "id is its execution name (a fixed runId would make each execution resume the same run)");
            }
            InputSchema schema = inputSchemas.computeIfAbsent(workflow, InputSchema::forWorkflow);
            for (Problem problem : schema.check(compact(input))) {
                problems.add(file + ": " + field("input", problem.path()) + problem.message() + " Fix: " + problem.fix()
                        + " (the input of " + workflow + ": events/schemas/" + workflow + ".schema.json)");
            }
        }

        /** Where the schedule schema describes the problem's top-level field, that description, in parentheses. */
        private String about(String path) {
            String top = path.startsWith("$.") ? path.substring(2).split("[.\\[]", 2)[0] : "";
            JsonNode description = scheduleSchemaJson.at("/properties/" + top + "/description");
            return top.isEmpty() || !description.isTextual() ? "" : " (" + top + ": " + description.asText() + ")";
        }
    }

    /**
     * A workflow's runId names the run itself (an idempotency key: the same runId resumes that run) when its
     * input schema allows runId without requiring it; a workflow that requires it (rollback) names another run.
     */
    static boolean runIdNamesTheRun(JsonNode inputSchema) {
        boolean declared = inputSchema.path("properties").has(RUN_ID);
        boolean required = false;
        for (JsonNode name : inputSchema.path("required")) {
            required |= RUN_ID.equals(name.asText());
        }
        return declared && !required;
    }

    /** {@code events/schemas/<name>.schema.json} as ferry-core packages it, if there is one. */
    static Optional<JsonNode> schemaJson(String name) {
        try (InputStream in = InputSchema.class.getClassLoader().getResourceAsStream(SCHEMAS_RESOURCE + name + ".schema.json")) {
            return in == null ? Optional.empty() : Optional.of(MAPPER.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the schema " + SCHEMAS_RESOURCE + name + ".schema.json", e);
        }
    }

    /** A problem's JSON path ({@code $.a.b[0]}) as a field under {@code prefix}, then ": "; nothing for the root. */
    static String field(String prefix, String path) {
        String rest = path.startsWith("$") ? path.substring(1) : path;
        String field = prefix.isEmpty() && rest.startsWith(".") ? rest.substring(1) : prefix + rest;
        return field.isEmpty() ? "" : field + ": ";
    }

    private static String compact(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What the schema's expression pattern cannot say: a cron expression has '?' in exactly one of
     * day-of-month and day-of-week. Null when fine (or not a cron expression: the schema checks the rest).
     */
    static String cronProblem(String expression) {
        var cron = CRON.matcher(expression);
        if (cron.matches() && "?".equals(cron.group(3)) == "?".equals(cron.group(5))) {
            return "'" + expression + "': exactly one of day-of-month (3rd field) and day-of-week (5th field) "
                    + "must be '?', e.g. cron(0 3 * * ? *) for 03:00 every day";
        }
        return null;
    }
}
