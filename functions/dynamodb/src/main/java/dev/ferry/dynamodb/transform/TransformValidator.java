package dev.ferry.dynamodb.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.AwsErrors;
import dev.ferry.core.aws.ClientFactory;
import dev.ferry.core.aws.Side;
import dev.ferry.core.codec.ItemCodec;
import dev.ferry.core.dynamodb.DynamoDbTables;
import dev.ferry.core.dynamodb.Ownership;
import dev.ferry.core.errors.InvalidInputException;
import dev.ferry.core.errors.Problem;
import dev.ferry.core.json.Json;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.core.util.Hashing;
import dev.ferry.core.validation.InputSchema;
import dev.ferry.core.validation.ReservedResources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Step 1 of dynamodb-transform: checks the input against its schema, the expressions (they parse; every
 * variable they read exists), the world (the role can be assumed, the tables exist, the run id is free or
 * resumable, backups are possible, the keys manifest is readable) and a sample of real items (by default 50:
 * {@code when} gives true or false, keys stay, results and records fit DynamoDB and carry their table's keys).
 * Every problem is reported at once, with its JSON path and a fix; nothing is written.
 */
public final class TransformValidator {
    public static final String WORKFLOW = "dynamodb-transform";
    private static final Logger LOG = LoggerFactory.getLogger(TransformValidator.class);
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,79}");
    /** The plan travels to every Map child in state (256 KB at most): expressions and variables stay well under. */
    static final int MAX_PLAN_BYTES = 128 * 1024;
    /** Example keys a sample problem names. */
    private static final int EXAMPLES = 3;

    private static final InputSchema SCHEMA = InputSchema.forWorkflow(WORKFLOW);

    private final ClientFactory clients;
    private final AwsCalls calls;
    private final RunLedger ledger;
    private final Dependencies deps;

    /** Reads the ledger without creating it: a rejected input leaves nothing behind. */
    public TransformValidator(Dependencies deps) {
        this.deps = deps;
        this.clients = deps.clients();
        this.calls = deps.calls();
        this.ledger = deps.ledgerForReading();
    }

    /** Validates and normalises; throws {@link InvalidInputException} with every problem. */
    public TransformPlan validate(JsonNode input, String executionName) {
        if (input == null || !input.isObject()) {
            throw new InvalidInputException(new Problem("$", "The input must be a JSON object.",
                    "Start from events/dynamodb-transform.json or events/examples/vams-v2.2-to-v2.3.json."));
        }
        List<Problem> problems = new ArrayList<>(SCHEMA.check(Json.write(input)));
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        ObjectNode in = (ObjectNode) input;
        Side target = in.has("target") ? Json.convert(in.get("target"), Side.class) : Side.of(null);
        TransformSpec spec = Json.convert(in.get("transform"), TransformSpec.class);
        TransformOptions options = in.path("options").isObject() ? Json.convert(in.get("options"), TransformOptions.class)
                : TransformOptions.defaults();
        ObjectNode variables = in.path("variables").isObject() ? (ObjectNode) in.get("variables") : Json.object();
        String runId = runId(in, executionName, problems);
        checkSide(target, problems);
        Set<String> known = checkVariables(variables, problems);
        List<TransformExpression> expressions = compile(spec, problems);
        for (TransformExpression e : expressions) {
            Set<String> unknown = e.unknownVariables(known);
            if (!unknown.isEmpty()) {
                problems.add(new Problem(e.path(), "Reads " + names(unknown) + ", which " + (unknown.size() == 1 ? "is" : "are")
                        + " neither among the input's variables " + (known.isEmpty() ? "(there are none)" : names(new TreeSet<>(knownVariables(known))))
                        + " nor a JSONata function.", "Add " + (unknown.size() == 1 ? "it" : "them") + " to \"variables\", or fix the spelling."));
            }
        }
        String table = in.get("table").asText();
        Set<String> emitNames = new LinkedHashSet<>();
        for (int i = 0; i < spec.emit().size(); i++) {
            String t = spec.emit().get(i).table();
            String path = "$.transform.emit[" + i + "].table";
            if (t.equals(table)) {
                problems.add(new Problem(path, "Emits records into " + table + ", the table being transformed: the scan would "
                        + "meet them, and a transform may not change the table's keys.", "Emit into another table, or make the "
                        + "change part of \"update\"."));
            }
            emitNames.add(t);
        }
        ReservedResources.table(deps, "$.table", table, "table to transform").ifPresent(problems::add);
        for (int i = 0; i < spec.emit().size(); i++) {
            ReservedResources.table(deps, "$.transform.emit[" + i + "].table", spec.emit().get(i).table(), "table to emit into")
                    .ifPresent(problems::add);
        }
        Map<String, Object> hashed = new LinkedHashMap<>();
        hashed.put("workflow", WORKFLOW);
        hashed.put("target", target);
        hashed.put("table", table);
        hashed.put("variables", variables);
        hashed.put("transform", spec);
        hashed.put("options", options);
        String inputHash = Hashing.sha256Hex(Json.write(hashed));
        // the world is checked whatever the static checks found (every problem at once); the sample needs sound expressions
        boolean expressionsSound = problems.isEmpty();
        TransformPlan plan = checkWorld(runId, target, table, emitNames, spec, variables, options, inputHash, expressionsSound,
                problems);
        if (plan != null && Json.bytes(plan).length > MAX_PLAN_BYTES) {
            problems.add(new Problem("$.variables", "The transform and its variables take " + Json.bytes(plan).length / 1024
                    + " KB; at most " + MAX_PLAN_BYTES / 1024 + " KB travel with every unit of work.",
                    "Keep large lookup data out of the variables (e.g. in a table the expressions do not need), or shorten the expressions."));
        }
        if (problems.isEmpty()) {
            LOG.info("validated run {}: {} -> {} emit table(s), dry run {}", runId, table, emitNames.size(), options.dryRun());
            return plan;
        }
        throw new InvalidInputException(problems);
    }

    private static String runId(ObjectNode in, String executionName, List<Problem> problems) {
        String runId = in.hasNonNull("runId") ? in.get("runId").asText() : executionName;
        if (runId == null || runId.isBlank()) {
            return "run-" + UUID.randomUUID();
        }
        if (!RUN_ID.matcher(runId).matches()) {
            problems.add(new Problem(in.hasNonNull("runId") ? "$.runId" : "$ (execution name)",
                    "The run id '" + runId + "' cannot be used as a run id.",
                    "Give runId: 1-80 letters, digits, '_', '-' or '.', starting with a letter or digit."));
        }
        return runId;
    }

    private static void checkSide(Side side, List<Problem> problems) {
        if (side.externalId() != null && side.roleArn() == null) {
            problems.add(new Problem("$.target.externalId", "An external id is given without a role to assume.",
                    "Add roleArn, or remove externalId."));
        }
        if (side.profile() != null && System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null) {
            problems.add(new Problem("$.target.profile", "Profiles exist only on a workstation, not in a deployed run.",
                    "Remove profile and give roleArn (and externalId) instead."));
        }
    }

    /** The names the expressions may read: the variables, Ferry's functions. Problems for names that shadow JSONata's. */
    private static Set<String> checkVariables(ObjectNode variables, List<Problem> problems) {
        Set<String> known = new LinkedHashSet<>(Transformer.FUNCTIONS);
        variables.properties().forEach(e -> {
            String name = e.getKey();
            if (Transformer.FUNCTIONS.contains(name) || TransformExpression.builtIn(name)) {
                problems.add(new Problem("$.variables." + name, "Has the name of the function $" + name + ", which it would hide.",
                        "Rename the variable (and where the expressions read it)."));
            }
            known.add(name);
        });
        return known;
    }

    private static Set<String> knownVariables(Set<String> known) {
        Set<String> out = new LinkedHashSet<>(known);
        out.removeAll(Transformer.FUNCTIONS);
        return out;
    }

    private static String names(Set<String> names) {
        return String.join(", ", names.stream().map(n -> "$" + n).toList());
    }

    private static List<TransformExpression> compile(TransformSpec spec, List<Problem> problems) {
        List<TransformExpression> out = new ArrayList<>();
        List<String[]> all = new ArrayList<>();
        all.add(new String[] {Transformer.WHEN, spec.when()});
        if (spec.update() != null) {
            all.add(new String[] {Transformer.UPDATE, spec.update()});
        }
        for (int i = 0; i < spec.emit().size(); i++) {
            all.add(new String[] {Transformer.emitPath(i), spec.emit().get(i).item()});
        }
        for (String[] e : all) {
            try {
                out.add(TransformExpression.compile(e[0], e[1]));
            } catch (TransformExpression.SyntaxError error) {
                problems.add(new Problem(e[0], "Is not a valid JSONata expression: at " + error.getMessage() + ".",
                        "Correct the expression there (JSONata syntax: https://docs.jsonata.org)."));
            }
        }
        return out;
    }

    private TransformPlan checkWorld(String runId, Side target, String tableName, Set<String> emitNames, TransformSpec spec,
                                     ObjectNode variables, TransformOptions options, String inputHash, boolean expressionsSound,
                                     List<Problem> problems) {
        ledger.checkRunId(runId, WORKFLOW, inputHash, options.dryRun(), false).ifPresent(problems::add);
        if (!canAssume(target, problems)) {
            return null;
        }
        DynamoDbClient ddb = clients.dynamo(target);
        TableDescription table = describe(ddb, tableName, "$.table", "the table to transform", problems);
        List<TableKeys> emitTables = new ArrayList<>();
        for (String name : emitNames) {
            int index = indexOf(spec, name);
            TableDescription t = describe(ddb, name, "$.transform.emit[" + index + "].table", "the table records are emitted to", problems);
            if (t != null) {
                emitTables.add(TableKeys.of(t));
            }
        }
        if (table == null || emitTables.size() != emitNames.size()) {
            return null;
        }
        if (options.backup() == TransformOptions.Backup.ON_DEMAND && !options.dryRun()) {
            checkBackups(ddb, tableName, problems);
        }
        TransformPlan plan = new TransformPlan(runId, target, TableKeys.of(table), emitTables, spec, variables, options, inputHash);
        if (!expressionsSound) {
            return plan;
        }
        Transformer transformer = new Transformer(plan);
        List<Map<String, AttributeValue>> sample = options.keysFrom() != null ? sampleFromKeys(plan, problems) : sample(ddb, plan);
        if (sample != null && options.onItemError() == TransformOptions.OnItemError.FAIL) {
            // with onItemError "skip" the user has chosen to list the items the transform fails on instead
            checkSample(plan, transformer, sample, problems);
        }
        return plan;
    }

    private static int indexOf(TransformSpec spec, String table) {
        for (int i = 0; i < spec.emit().size(); i++) {
            if (spec.emit().get(i).table().equals(table)) {
                return i;
            }
        }
        return 0;
    }

    private boolean canAssume(Side side, List<Problem> problems) {
        if (side.roleArn() == null && side.profile() == null) {
            return true;
        }
        try {
            clients.credentials(side).resolveCredentials();
            return true;
        } catch (SdkException | IllegalStateException e) {
            String what = side.roleArn() != null ? "role " + side.roleArn() : "profile " + side.profile();
            problems.add(new Problem(side.roleArn() != null ? "$.target.roleArn" : "$.target.profile",
                    "Cannot get credentials for " + what + " (" + AwsErrors.describe(e) + ").",
                    side.roleArn() != null
                            ? "Deploy the Ferry destination access stack in that account with this control account and external id, and check externalId."
                            : "Check that the profile exists in ~/.aws/config and has credentials."));
            return false;
        }
    }

    private TableDescription describe(DynamoDbClient ddb, String table, String path, String what, List<Problem> problems) {
        try {
            Optional<TableDescription> found = DynamoDbTables.find(calls, ddb, table);
            if (found.isEmpty()) {
                problems.add(new Problem(path, "Table " + table + " (" + what + ") does not exist.",
                        "Check the name, the region (target.region) and the account (target.roleArn); create the table first."));
                return null;
            }
            return found.get();
        } catch (SdkException e) {
            problems.add(new Problem(path, "Cannot describe table " + table + " (" + AwsErrors.describe(e) + ").",
                    "Grant dynamodb:DescribeTable on it to the role Ferry uses."));
            return null;
        }
    }

    private void checkBackups(DynamoDbClient ddb, String table, List<Problem> problems) {
        try {
            calls.call("ListBackups " + table, () -> ddb.listBackups(b -> b.tableName(table).limit(1)));
        } catch (SdkException e) {
            problems.add(Ownership.taggingUnsupported(e)
                    ? new Problem("$.options.backup", "The DynamoDB endpoint does not support on-demand backups (DynamoDB Local does not).",
                            "Set options.backup to \"none\" (rollback restores the run's own pre-images), or run against DynamoDB.")
                    : new Problem("$.options.backup", "Cannot list the backups of " + table + " (" + AwsErrors.describe(e) + ").",
                            "Grant dynamodb:ListBackups and dynamodb:CreateBackup to the role Ferry uses, or set options.backup to \"none\"."));
        }
    }

    /** The first {@code sampleSize} items of the table (a Scan page), as the run will read them. */
    private List<Map<String, AttributeValue>> sample(DynamoDbClient ddb, TransformPlan plan) {
        int size = plan.options().sampleSize();
        if (size == 0) {
            return List.of();
        }
        return calls.call("Scan " + plan.table().name() + " (sample)",
                () -> ddb.scan(b -> b.tableName(plan.table().name()).limit(size))).items();
    }

    /** The first items of the keys manifest, which must be of this table. */
    private List<Map<String, AttributeValue>> sampleFromKeys(TransformPlan plan, List<Problem> problems) {
        String location = plan.options().keysFrom();
        Optional<FailedKeys> manifest;
        try {
            manifest = FailedKeys.read(location, () -> clients.s3(clients.control()), calls);
        } catch (IllegalArgumentException e) {
            problems.add(new Problem("$.options.keysFrom", "'" + location + "' " + e.getMessage() + ".",
                    "Give the failed-keys.json a dynamodb-transform report wrote (its s3:// URI or file path)."));
            return null;
        } catch (RuntimeException e) {
            problems.add(new Problem("$.options.keysFrom", "Cannot read " + location + ": " + e.getMessage(),
                    "Give a location Ferry can read: the reports bucket, or a local file."));
            return null;
        }
        if (manifest.isEmpty()) {
            problems.add(new Problem("$.options.keysFrom", "There is no file at " + location + ".",
                    "Give the failed-keys.json a dynamodb-transform report wrote (its s3:// URI or file path)."));
            return null;
        }
        FailedKeys keys = manifest.get();
        if (!plan.table().name().equals(keys.table())) {
            problems.add(new Problem("$.options.keysFrom", "Lists keys of table " + keys.table() + ", not of " + plan.table().name() + ".",
                    "Give the failed-keys.json of a run on " + plan.table().name() + ", or set table to " + keys.table() + "."));
            return null;
        }
        List<Map<String, AttributeValue>> firstKeys = new ArrayList<>();
        for (int i = 0; i < keys.keys().size(); i++) {
            Map<String, AttributeValue> key;
            try {
                key = keys.key(i);
            } catch (IllegalArgumentException e) {
                problems.add(new Problem("$.options.keysFrom", "Key " + i + " of " + location + " is not DynamoDB JSON: " + e.getMessage(),
                        "Use the file a report wrote, unchanged."));
                return null;
            }
            String problem = plan.table().keyProblem(key);
            if (problem != null || key.size() != plan.table().keys().size()) {
                problems.add(new Problem("$.options.keysFrom", "Key " + i + " of " + location + " is not a key of "
                        + plan.table().name() + (problem == null ? " (it has other attributes)" : ": it " + problem) + ".",
                        "Use the file a report wrote, unchanged."));
                return null;
            }
            if (firstKeys.size() < plan.options().sampleSize()) {
                firstKeys.add(key);
            }
        }
        Map<String, Map<String, AttributeValue>> found = new dev.ferry.core.dynamodb.BatchGetter(clients.dynamo(plan.target()),
                plan.table().name(), plan.table().keyNames(), false, dev.ferry.core.dynamodb.RateLimiter.unlimited(), calls,
                plan.table().name() + " (sample)").read(firstKeys);
        return new ArrayList<>(found.values());
    }

    /** The transform on the sample, every problem once with up to three example keys. */
    private static void checkSample(TransformPlan plan, Transformer transformer, List<Map<String, AttributeValue>> sample,
                                    List<Problem> problems) {
        Map<String, List<String>> examples = new LinkedHashMap<>();
        Map<String, ItemResult.Failure> first = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Map<String, AttributeValue> item : sample) {
            ItemResult r = transformer.apply(item);
            if (r.kind() != ItemResult.Kind.FAILED) {
                continue;
            }
            String id = r.failure().path() + "\n" + r.failure().reason();
            first.putIfAbsent(id, r.failure());
            counts.merge(id, 1, Integer::sum);
            List<String> keys = examples.computeIfAbsent(id, k -> new ArrayList<>());
            if (keys.size() < EXAMPLES) {
                keys.add("{" + plan.table().describe(item) + "}");
            }
        }
        for (Map.Entry<String, ItemResult.Failure> e : first.entrySet()) {
            ItemResult.Failure f = e.getValue();
            problems.add(new Problem(f.path(), capitalise(f.message()) + " on " + counts.get(e.getKey()) + " of the " + sample.size()
                    + " sampled items, e.g. the item" + (examples.get(e.getKey()).size() > 1 ? "s " : " ")
                    + String.join(", ", examples.get(e.getKey())) + ".", fix(f.reason())));
        }
    }

    private static String fix(String reason) {
        return switch (reason) {
            case "not-boolean" -> "Make \"when\" give true or false for every item, e.g. $exists(currentVersion) or status = 'v2'.";
            case "key-changed" -> "Leave the key attributes as they are (a transform updates items in place; to copy an item "
                    + "under another key, emit it into another table).";
            case "too-large" -> "Make the result smaller: DynamoDB items are at most 400 KB.";
            case "emit-key" -> "Give every emitted record its table's key attributes, with the key's types (S, N or B), not empty.";
            case "too-many-changes" -> "Change fewer attributes at once, or split the transform into several runs.";
            case "invalid" -> "Return only values DynamoDB can store: no empty sets, numbers of at most 38 digits, objects as items.";
            default -> "Correct the expression so that it works on these items (try it on one of them), or set "
                    + "options.onItemError to \"skip\" to transform the other items and list these.";
        };
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** For the report: a key in DynamoDB JSON (tests and messages). */
    static String json(Map<String, AttributeValue> key) {
        return ItemCodec.toJson(key).toString();
    }
}
