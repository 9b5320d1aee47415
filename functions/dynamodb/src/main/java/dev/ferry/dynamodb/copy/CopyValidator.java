package dev.ferry.dynamodb.copy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.AwsErrors;
import dev.ferry.core.aws.ClientFactory;
import dev.ferry.core.aws.Side;
import dev.ferry.core.dynamodb.DynamoDbTables;
import dev.ferry.core.dynamodb.Segments;
import dev.ferry.core.errors.InvalidInputException;
import dev.ferry.core.errors.Problem;
import dev.ferry.core.json.Json;
import dev.ferry.core.ledger.ResourceStatus;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.core.util.Hashing;
import dev.ferry.core.validation.InputSchema;
import dev.ferry.core.validation.ReservedResources;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Step 1 of dynamodb-table-copy: checks the input against its schema, against itself (names,
 * duplicates, a table copied onto itself) and against the world (roles can be assumed, source
 * tables exist, destination tables are absent or reusable, the run id is free or resumable).
 * Every problem is reported at once; nothing is written.
 */
public final class CopyValidator {
    public static final String WORKFLOW = "dynamodb-table-copy";
    private static final Logger LOG = LoggerFactory.getLogger(CopyValidator.class);
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,79}");
    /** Units a run may have: each travels in the Map state's input (256 KB at most). */
    static final int MAX_UNITS = 1000;
    /** Prepare's result travels in state, where 256 KB is the hard limit; keep well under it. */
    static final int MAX_PREPARED_BYTES = 200_000;

    private static final InputSchema SCHEMA = InputSchema.forWorkflow(WORKFLOW);

    private final Dependencies deps;
    private final ClientFactory clients;
    private final AwsCalls calls;
    private final RunLedger ledger;
    private final Map<CopyPlan.TablePair, String> tablePaths = new HashMap<>();

    /** Reads the ledger without creating it: a rejected input leaves nothing behind. */
    public CopyValidator(Dependencies deps) {
        this.deps = deps;
        this.clients = deps.clients();
        this.calls = deps.calls();
        this.ledger = deps.ledgerForReading();
    }

    /**
     * Validates and normalises; throws {@link InvalidInputException} with every problem: the schema's and
     * the world's together (a part of the input the schema rejects is left out of the checks against the
     * world, the rest is checked).
     */
    public CopyPlan validate(JsonNode input, String executionName) {
        if (input == null || !input.isObject()) {
            throw new InvalidInputException(new Problem("$", "The input must be a JSON object.",
                    "Start from events/dynamodb-table-copy.json."));
        }
        List<Problem> problems = new ArrayList<>(SCHEMA.check(input));
        boolean schemaValid = problems.isEmpty();
        Usable usable = new Usable(List.copyOf(problems));
        CopyPlan plan = normalise((ObjectNode) input, executionName, problems, usable);
        checkWorld(plan, problems, usable, schemaValid);
        if (!problems.isEmpty()) {
            problems.sort(java.util.Comparator.comparing(Problem::path));
            throw new InvalidInputException(problems);
        }
        LOG.info("validated run {}: {} table(s) from {} to {}", plan.runId(), plan.tables().size(),
                plan.source().describe(), plan.destination().describe());
        return plan;
    }

    /** Which parts of the input the schema accepted (only those are checked against the world). */
    private record Usable(List<Problem> schemaProblems) {
        boolean ok(String path) {
            return schemaProblems.stream().noneMatch(p -> p.path().equals(path) || p.path().startsWith(path + ".")
                    || p.path().startsWith(path + "["));
        }
    }

    private CopyPlan normalise(ObjectNode in, String executionName, List<Problem> problems, Usable usable) {
        Side source = usable.ok("$.source") && in.get("source").isObject() ? Json.convert(in.get("source"), Side.class) : null;
        Side destination = usable.ok("$.destination") && in.get("destination").isObject()
                ? Json.convert(in.get("destination"), Side.class) : null;
        if (source != null) {
            checkSide("$.source", source, problems);
        }
        if (destination != null) {
            checkSide("$.destination", destination, problems);
        }
        JsonNode options = in.path("options");
        CopyOptions opts = options.isObject() && usable.ok("$.options") ? Json.convert(options, CopyOptions.class) : CopyOptions.defaults();
        boolean dryRun = options.path("dryRun").asBoolean(false);

        List<CopyPlan.TablePair> tables = new ArrayList<>();
        Map<String, Integer> seenSources = new HashMap<>();
        Map<String, Integer> seenDestinations = new HashMap<>();
        JsonNode rename = usable.ok("$.rename") ? in.path("rename") : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        JsonNode list = in.path("tables");
        for (int i = 0; list.isArray() && i < list.size(); i++) {
            JsonNode t = list.get(i);
            String path = "$.tables[" + i + "]";
            if (!usable.ok(path)) {
                continue;
            }
            boolean explicit = t.isObject() && t.hasNonNull("destination");
            String src = t.isObject() ? t.get("source").asText() : t.asText();
            String dst = explicit ? t.get("destination").asText() : rename(src, rename, path, problems);
            if (dst == null) {
                continue;
            }
            Integer dupSource = seenSources.putIfAbsent(src, i);
            if (dupSource != null) {
                problems.add(new Problem(path, "Table " + src + " is listed twice (also at $.tables[" + dupSource + "]).",
                        "List each source table once."));
            }
            Integer dupDest = seenDestinations.putIfAbsent(dst, i);
            if (dupDest != null) {
                problems.add(new Problem(path, "Destination " + dst + " is also the destination of $.tables[" + dupDest + "].",
                        "Give each table its own destination name."));
            }
            if (!TABLE_NAME.matcher(dst).matches()) {
                problems.add(new Problem(path, "The destination name '" + dst + "' is not a valid DynamoDB table name.",
                        "Use 3-255 letters, digits, '_', '-' or '.'; check the rename rule or give an explicit destination."));
            }
            ReservedResources.table(deps, path, src, "source").ifPresent(problems::add);
            ReservedResources.table(deps, path, dst, "destination").ifPresent(problems::add);
            if (src.equals(dst) && source != null && source.samePlaceAs(destination)) {
                problems.add(new Problem(path, "This would copy " + src + " onto itself: source and destination are the same account, region and table.",
                        "Give a destination name, a rename rule, or a different destination region/role."));
            }
            tables.add(new CopyPlan.TablePair(src, dst));
            tablePaths.putIfAbsent(new CopyPlan.TablePair(src, dst), path);
        }

        String runId = in.hasNonNull("runId") && usable.ok("$.runId") ? in.get("runId").asText() : executionName;
        if (in.hasNonNull("runId") && !usable.ok("$.runId")) {
            runId = null; // the schema's problem says what is wrong with it
        } else if (runId == null || runId.isBlank()) {
            runId = "run-" + UUID.randomUUID();
        } else if (!RUN_ID.matcher(runId).matches()) {
            problems.add(new Problem(in.hasNonNull("runId") ? "$.runId" : "$ (execution name)",
                    "The run id '" + runId + "' cannot be used as a run id.",
                    "Give runId: 1-80 letters, digits, '_', '-' or '.', starting with a letter or digit, for example \"copy-orders-2026\"."));
        }
        Map<String, Object> hashed = new LinkedHashMap<>();
        hashed.put("workflow", WORKFLOW);
        hashed.put("source", source);
        hashed.put("destination", destination);
        hashed.put("tables", tables);
        hashed.put("options", opts);
        return new CopyPlan(runId, dryRun, source, destination, List.copyOf(tables), opts, Hashing.sha256Hex(Json.write(hashed)));
    }

    private static String rename(String src, JsonNode rename, String path, List<Problem> problems) {
        String out = src;
        JsonNode prefix = rename.path("prefix");
        if (!prefix.isMissingNode()) {
            String from = prefix.get("from").asText();
            if (!out.startsWith(from)) {
                problems.add(new Problem(path, "Table " + src + " does not start with rename.prefix.from '" + from + "'.",
                        "Give this table an explicit destination ({\"source\": \"" + src + "\", \"destination\": \"...\"}) or fix the prefix."));
                return null;
            }
            out = prefix.get("to").asText() + out.substring(from.length());
        }
        JsonNode suffix = rename.path("suffix");
        if (!suffix.isMissingNode()) {
            String from = suffix.get("from").asText();
            if (!out.endsWith(from)) {
                problems.add(new Problem(path, "Table " + src + " does not end with rename.suffix.from '" + from + "'.",
                        "Give this table an explicit destination or fix the suffix."));
                return null;
            }
            out = out.substring(0, out.length() - from.length()) + suffix.get("to").asText();
        }
        return out;
    }

    private static void checkSide(String path, Side side, List<Problem> problems) {
        if (side.externalId() != null && side.roleArn() == null) {
            problems.add(new Problem(path + ".externalId", "An external id is given without a role to assume.",
                    "Add roleArn, or remove externalId."));
        }
        if (side.profile() != null && System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null) {
            problems.add(new Problem(path + ".profile", "Profiles exist only on a workstation, not in a deployed run.",
                    "Remove profile and give roleArn (and externalId) instead."));
        }
    }

    private void checkWorld(CopyPlan plan, List<Problem> problems, Usable usable, boolean schemaValid) {
        boolean sourceReachable = plan.source() != null && canAssume("$.source", plan.source(), problems);
        boolean destinationReachable = plan.destination() != null && canAssume("$.destination", plan.destination(), problems);
        if (schemaValid && plan.runId() != null) {
            ledger.checkRunId(plan.runId(), WORKFLOW, plan.inputHash(), plan.dryRun(), false).ifPresent(problems::add);
        }
        int units = 0;
        long preparedBytes = 200;
        java.util.Set<String> sourceArns = new java.util.HashSet<>();
        List<TableDescription> sources = new ArrayList<>();
        for (int i = 0; i < plan.tables().size(); i++) {
            CopyPlan.TablePair t = plan.tables().get(i);
            String path = tablePath(plan, t);
            TableDescription src = sourceReachable ? describe(plan.source(), t.source(), path, "source", problems) : null;
            sources.add(src);
            if (src != null) {
                sourceArns.add(src.tableArn());
                int segments = Segments.choose(plan.options().segments(), src);
                units += segments;
                // a unit is about 120 bytes of JSON plus both table names; a table entry about 400 plus names
                preparedBytes += segments * (120L + t.source().length() + t.destination().length())
                        + 400 + 2L * (t.source().length() + t.destination().length());
            }
        }
        for (int i = 0; i < plan.tables().size(); i++) {
            if (sources.get(i) != null && destinationReachable) {
                checkDestination(plan, plan.tables().get(i), sources.get(i), tablePath(plan, plan.tables().get(i)), sourceArns, problems);
            }
        }
        if (usable.ok("$.options") && units > MAX_UNITS || preparedBytes > MAX_PREPARED_BYTES) {
            problems.add(new Problem("$.options.segments", "The run would have " + units + " scan segments in all (about "
                    + preparedBytes / 1024 + " KB of state); at most " + MAX_UNITS + " segments and " + MAX_PREPARED_BYTES / 1000
                    + " KB fit in one run.", "Lower options.segments, or split the tables across several runs."));
        }
    }

    /** The JSON path of a table of the plan: its index in the input (entries the schema rejected are not in the plan). */
    private String tablePath(CopyPlan plan, CopyPlan.TablePair t) {
        return tablePaths.getOrDefault(t, "$.tables");
    }

    private void checkDestination(CopyPlan plan, CopyPlan.TablePair t, TableDescription src, String path,
                                  java.util.Set<String> sourceArns, List<Problem> problems) {
        DynamoDbClient dst = clients.dynamo(plan.destination());
        TableDescription existing;
        try {
            existing = DynamoDbTables.find(calls, dst, t.destination()).orElse(null);
            if (existing == null) {
                return;
            }
        } catch (SdkException e) {
            problems.add(new Problem(path, "Cannot describe destination table " + t.destination() + " in "
                    + plan.destination().describe() + " (" + AwsErrors.describe(e) + ").",
                    "Grant dynamodb:DescribeTable to the destination role (deploy FerryDestinationAccess)."));
            return;
        }
        boolean regionsDiffer = plan.source().region() != null && plan.destination().region() != null
                && !plan.source().region().equals(plan.destination().region());
        if (!regionsDiffer && sourceArns.contains(existing.tableArn())) { // (emulators give every region the same ARNs)
            problems.add(new Problem(path, "Destination table " + t.destination() + " is one of this run's source tables ("
                    + existing.tableArn() + "): the copy would write into its own source.",
                    "Choose another destination name, region or role."));
            return;
        }
        if (isOurs(plan, existing)) {
            return; // created by this same run before: a resume
        }
        if (!plan.options().reuseAllowed()) {
            problems.add(new Problem(path, "Destination table " + t.destination() + " already exists in " + plan.destination().describe() + ".",
                    "Choose another destination name, delete that table, or set options.ifDestinationExists to \"reuse-if-compatible\"."));
            return;
        }
        List<String> diffs = TableSchema.incompatibilities(src, existing);
        if (!diffs.isEmpty()) {
            problems.add(new Problem(path, "Destination table " + t.destination() + " exists but cannot hold a copy of "
                    + t.source() + ": " + String.join("; ", diffs) + ".",
                    "Copy into a new table (another destination name), or make the existing table's keys and indexes match the source."));
        }
    }

    private boolean isOurs(CopyPlan plan, TableDescription existing) {
        return ledger.findRun(plan.runId()).isPresent()
                && ledger.resource(plan.runId(), DynamoDbTables.resourceKey(plan.destination(), existing.tableName()))
                .map(r -> r.status() == ResourceStatus.CREATED || r.status() == ResourceStatus.CREATING)
                .orElse(false);
    }

    private TableDescription describe(Side side, String table, String path, String role, List<Problem> problems) {
        try {
            TableDescription found = DynamoDbTables.find(calls, clients.dynamo(side), table).orElse(null);
            if (found == null) {
                problems.add(new Problem(path, "The " + role + " table " + table + " does not exist in " + side.describe() + ".",
                        "Check the table name and the " + role + " region/role."));
            }
            return found;
        } catch (SdkException e) {
            problems.add(new Problem(path, "Cannot describe the " + role + " table " + table + " in " + side.describe()
                    + " (" + AwsErrors.describe(e) + ").",
                    "Grant dynamodb:DescribeTable on it to the " + role + " role (deploy the Ferry access stack there)."));
        }
        return null;
    }

    private boolean canAssume(String path, Side side, List<Problem> problems) {
        if (side.roleArn() == null && side.profile() == null) {
            return true;
        }
        try {
            clients.credentials(side).resolveCredentials();
            return true;
        } catch (SdkException | IllegalStateException e) {
            String what = side.roleArn() != null ? "role " + side.roleArn() : "profile " + side.profile();
            problems.add(new Problem(side.roleArn() != null ? path + ".roleArn" : path + ".profile",
                    "Cannot get credentials for " + what + " (" + AwsErrors.describe(e) + ").",
                    side.roleArn() != null
                            ? "Deploy the Ferry access stack in that account with this control account and external id, and check externalId."
                            : "Check that the profile exists in ~/.aws/config and has credentials."));
            return false;
        }
    }
}
