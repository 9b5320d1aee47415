package dev.ferry.postgres.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.AwsErrors;
import dev.ferry.core.aws.ClientFactory;
import dev.ferry.core.aws.Side;
import dev.ferry.core.dynamodb.DynamoDbTables;
import dev.ferry.core.errors.FerryException;
import dev.ferry.core.errors.InvalidInputException;
import dev.ferry.core.errors.Problem;
import dev.ferry.core.json.Json;
import dev.ferry.core.ledger.ResourceStatus;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.core.util.Hashing;
import dev.ferry.core.validation.InputSchema;
import dev.ferry.core.validation.ReservedResources;
import dev.ferry.postgres.crypto.DecryptionKeys;
import dev.ferry.postgres.crypto.Decryptor;
import dev.ferry.postgres.crypto.InvalidTokenException;
import dev.ferry.postgres.source.Catalog;
import dev.ferry.postgres.source.SourceDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;

/**
 * Step 1 of postgres-to-dynamodb: checks the input against its schema, against itself and against the world
 * (the database is reachable with the credentials, the tables and columns exist and convert, the foreign keys
 * give a load order, the decryption key decrypts the secret rows, the secret names are valid, unique and not
 * scheduled for deletion, the target tables are absent or compatible, the run id is free or resumable). Every
 * problem is reported at once with its JSON path and fix; nothing is written.
 */
public final class PgValidator {
    public static final String WORKFLOW = "postgres-to-dynamodb";
    private static final Logger LOG = LoggerFactory.getLogger(PgValidator.class);
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,79}");
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");
    private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");
    /** Rows of a secret table Validate decrypts and names (every one, up to this many). */
    static final int SECRET_ROWS_CHECKED = 20_000;
    /** Problems of one kind listed per table before the rest are only counted. */
    private static final int LISTED = 5;
    private static final InputSchema SCHEMA = InputSchema.forWorkflow(WORKFLOW);

    private final Dependencies deps;
    private final ClientFactory clients;
    private final AwsCalls calls;
    private final RunLedger ledger;

    public PgValidator(Dependencies deps) {
        this.deps = deps;
        this.clients = deps.clients();
        this.calls = deps.calls();
        this.ledger = deps.ledgerForReading();
    }

    /** Validates and normalises; throws {@link InvalidInputException} with every problem. */
    public PgPlan validate(JsonNode input, String executionName) {
        if (input == null || !input.isObject()) {
            throw new InvalidInputException(new Problem("$", "The input must be a JSON object.",
                    "Start from events/postgres-to-dynamodb.json."));
        }
        List<Problem> problems = new ArrayList<>(SCHEMA.check(Json.write(input)));
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        PgPlan plan = normalise((ObjectNode) input, executionName, problems);
        if (problems.isEmpty()) {
            checkWorld(plan, problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        LOG.info("validated run {}: {} table(s), mode {}", plan.runId(), plan.tables().size(), plan.mode());
        return plan;
    }

    // ------------------------------------------------------------------ the input itself

    private PgPlan normalise(ObjectNode in, String executionName, List<Problem> problems) {
        JsonNode src = in.get("source");
        String jdbcUrl = src.get("jdbcUrl").asText();
        JsonNode creds = src.get("credentials");
        String secretArn = creds.path("secretArn").isTextual() ? creds.get("secretArn").asText() : null;
        String iamUser = creds.path("iamAuth").path("username").isTextual() ? creds.get("iamAuth").get("username").asText() : null;
        String region = creds.path("iamAuth").path("region").isTextual() ? creds.get("iamAuth").get("region").asText() : null;
        try {
            SourceDatabase.Url url = SourceDatabase.parse(jdbcUrl);
            if (url.parameters().containsKey("password") || url.parameters().containsKey("userinfo")
                    || url.parameters().containsKey("user")) {
                problems.add(new Problem("$.source.jdbcUrl", "The JDBC URL carries a user or password; credentials never go in the input.",
                        "Remove them from the URL and store {\"username\", \"password\"} in a Secrets Manager secret named by "
                                + "source.credentials.secretArn (or use iamAuth)."));
            }
            if (url.sslmode() != null && !SourceDatabase.SSL_MODES.contains(url.sslmode())) {
                problems.add(new Problem("$.source.jdbcUrl", "sslmode=" + url.sslmode() + " is not a PostgreSQL sslmode.",
                        "Use one of " + SourceDatabase.SSL_MODES + " (verify-full with RDS's CA bundle is the safest)."));
            }
            if (iamUser != null && url.sslmode() != null && List.of("disable", "allow", "prefer").contains(url.sslmode())) {
                problems.add(new Problem("$.source.jdbcUrl", "RDS IAM authentication needs SSL, and sslmode=" + url.sslmode() + " may not use it.",
                        "Use sslmode=require or verify-full."));
            }
        } catch (IllegalArgumentException e) {
            problems.add(new Problem("$.source.jdbcUrl", "The JDBC URL is not usable: " + e.getMessage() + ".",
                    "Give jdbc:postgresql://host:5432/database?sslmode=verify-full."));
        }
        String schema = src.path("schema").asText("public");
        PgPlan.SourceSpec source = new PgPlan.SourceSpec(jdbcUrl, secretArn, iamUser, region, schema);
        Side destination = Json.convert(in.get("destination"), Side.class);
        if (destination.profile() != null && System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null) {
            problems.add(new Problem("$.destination.profile", "Profiles exist only on a workstation, not in a deployed run.",
                    "Remove profile and give roleArn (and externalId) instead."));
        }
        String mode = in.path("mode").asText(PgPlan.FULL);
        JsonNode o = in.path("options");
        List<String> order = new ArrayList<>();
        o.path("order").forEach(t -> order.add(t.asText()));
        PgPlan.Options options = new PgPlan.Options(
                o.path("segments").isInt() ? o.get("segments").asInt() : null,
                o.path("nulls").asText("omit"),
                o.path("verifySample").asDouble(1.0),
                o.path("onDecryptError").asText("fail"),
                o.path("ifTargetExists").asText("reuse-if-compatible"),
                o.path("recoveryWindowDays").asInt(7),
                order.isEmpty() ? null : List.copyOf(order),
                o.path("tenantColumn").asText("tenant_id"),
                o.path("maxWriteUnitsPerSecond").isInt() ? o.get("maxWriteUnitsPerSecond").asInt() : null,
                o.path("watermarkColumn").asText("updated_at"),
                o.path("overlapSeconds").asInt(300),
                o.path("propagateDeletes").asBoolean(true));
        boolean dryRun = o.path("dryRun").asBoolean(false);

        List<PgPlan.TableSpec> tables = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        JsonNode list = in.get("tables");
        for (int i = 0; i < list.size(); i++) {
            String path = "$.tables[" + i + "]";
            JsonNode t = list.get(i);
            PgPlan.TableSpec spec = table(t, path, problems);
            Integer dup = seen.putIfAbsent(spec.source(), i);
            if (dup != null) {
                problems.add(new Problem(path + ".source", "Table " + spec.source() + " is listed twice (also at $.tables[" + dup + "]).",
                        "List each source table once."));
            }
            ReservedResources.table(deps, path + ".target", spec.target(), "destination").ifPresent(problems::add);
            tables.add(spec);
        }
        for (int i = 0; i < order.size(); i++) {
            if (!seen.containsKey(order.get(i))) {
                problems.add(new Problem("$.options.order[" + i + "]", "Table " + order.get(i) + " is not one of the run's tables.",
                        "List exactly the tables of $.tables, parents first."));
            }
        }
        if (!order.isEmpty() && (order.size() != seen.size() || !new HashSet<>(order).containsAll(seen.keySet()))) {
            problems.add(new Problem("$.options.order", "The order lists " + order.size() + " table(s); the run has " + seen.size() + ".",
                    "List every table of $.tables exactly once, parents first, or leave options.order out to use the foreign keys."));
        }
        if (options.recoveryWindowDays() != 0 && (options.recoveryWindowDays() < 7 || options.recoveryWindowDays() > 30)) {
            problems.add(new Problem("$.options.recoveryWindowDays", "Secrets Manager keeps a deleted secret 7 to 30 days, not "
                    + options.recoveryWindowDays() + ".", "Give 7-30, or 0 to delete rolled-back secrets at once."));
        }
        String runId = in.hasNonNull("runId") ? in.get("runId").asText() : executionName;
        if (runId == null || runId.isBlank()) {
            runId = "run-" + UUID.randomUUID();
        } else if (!RUN_ID.matcher(runId).matches()) {
            problems.add(new Problem(in.hasNonNull("runId") ? "$.runId" : "$ (execution name)", "The run id '" + runId
                    + "' cannot be used as a run id.", "Give runId: 1-80 letters, digits, '_', '-' or '.', starting with a letter or digit."));
        }
        Map<String, Object> hashed = new LinkedHashMap<>();
        hashed.put("workflow", WORKFLOW);
        hashed.put("mode", mode);
        hashed.put("dryRun", dryRun);
        hashed.put("source", source);
        hashed.put("destination", destination);
        hashed.put("tables", tables);
        hashed.put("options", options);
        String syncId = in.path("options").path("syncId").isTextual() ? in.get("options").get("syncId").asText()
                : Hashing.sha256Hex(Json.write(List.of(jdbcUrl.replaceAll("\\?.*$", ""), schema, destination,
                tables.stream().map(t -> t.source() + ">" + (t.target() == null ? "" : t.target())).toList()))).substring(0, 16);
        return new PgPlan(runId, mode, dryRun, source, destination, List.copyOf(tables), options,
                Hashing.sha256Hex(Json.write(hashed)), syncId);
    }

    private PgPlan.TableSpec table(JsonNode t, String path, List<Problem> problems) {
        String source = t.get("source").asText();
        String target = t.path("target").isTextual() ? t.get("target").asText() : null;
        PgPlan.SecretSpec secret = null;
        if (t.has("secret")) {
            JsonNode s = t.get("secret");
            JsonNode d = s.get("decryption");
            Map<String, String> context = new LinkedHashMap<>();
            d.path("encryptionContext").fields().forEachRemaining(e -> context.put(e.getKey(), e.getValue().asText()));
            JsonNode key = d.path("key");
            PgPlan.DecryptionSpec decryption = new PgPlan.DecryptionSpec(d.get("method").asText(),
                    key.path("secretArn").isTextual() ? key.get("secretArn").asText() : null,
                    key.path("field").isTextual() ? key.get("field").asText() : null,
                    key.path("kmsEncryptedKey").isTextual() ? key.get("kmsEncryptedKey").asText() : null,
                    d.path("kmsKeyId").isTextual() ? d.get("kmsKeyId").asText() : null, context.isEmpty() ? null : context);
            if ((decryption.method().equals("fernet") || decryption.method().equals("aes-gcm"))
                    && decryption.keySecretArn() == null && decryption.kmsEncryptedKey() == null) {
                problems.add(new Problem(path + ".secret.decryption.key", "Method " + decryption.method() + " needs a key, and none is named.",
                        "Give key.secretArn (a secret holding the key) or key.kmsEncryptedKey (the key encrypted by KMS); never the key itself."));
            }
            Map<String, String> tags = new LinkedHashMap<>();
            s.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
            secret = new PgPlan.SecretSpec(s.get("name").asText(), s.get("encryptedColumn").asText(), decryption,
                    s.has("value") ? s.get("value") : null, s.path("kmsKeyId").isTextual() ? s.get("kmsKeyId").asText() : null,
                    tags.isEmpty() ? null : tags);
            if (target != null) {
                problems.add(new Problem(path + ".target", "Table " + source + " is a secret table: its rows become secrets, not items.",
                        "Remove target, or remove secret to load the table into DynamoDB."));
            }
        } else if (target == null) {
            problems.add(new Problem(path + ".target", "Table " + source + " has no target table.",
                    "Give the DynamoDB table to load it into, e.g. \"threat-engine-" + source.replace('_', '-') + "\"."));
        } else if (!TABLE_NAME.matcher(target).matches()) {
            problems.add(new Problem(path + ".target", "'" + target + "' is not a valid DynamoDB table name.",
                    "Use 3-255 letters, digits, '_', '-' or '.'."));
        }
        Map<String, PgPlan.ColumnSpec> columns = new LinkedHashMap<>();
        t.path("columns").fields().forEachRemaining(e -> columns.put(e.getKey(), e.getValue().isTextual()
                ? new PgPlan.ColumnSpec(e.getValue().asText(), null)
                : new PgPlan.ColumnSpec(e.getValue().path("attribute").isTextual() ? e.getValue().get("attribute").asText() : null,
                e.getValue().path("as").isTextual() ? e.getValue().get("as").asText() : null)));
        List<String> exclude = new ArrayList<>();
        t.path("exclude").forEach(e -> exclude.add(e.asText()));
        List<PgPlan.IndexSpec> indexes = new ArrayList<>();
        t.path("indexes").forEach(x -> indexes.add(new PgPlan.IndexSpec(x.get("name").asText(), x.get("partitionKey").asText(),
                x.path("sortKey").isTextual() ? x.get("sortKey").asText() : null)));
        String idStrategy = t.path("idStrategy").asText("keep");
        String namespace = t.path("idNamespace").isTextual() ? t.get("idNamespace").asText() : null;
        if (namespace != null) {
            try {
                UUID.fromString(namespace);
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(path + ".idNamespace", "'" + namespace + "' is not a UUID.",
                        "Give a UUID (e.g. from uuidgen), and keep it for every run of this migration."));
            }
        }
        return new PgPlan.TableSpec(source, target, keySpec(t.get("partitionKey")), keySpec(t.get("sortKey")),
                indexes.isEmpty() ? null : indexes, columns.isEmpty() ? null : columns, exclude.isEmpty() ? null : exclude,
                idStrategy, namespace, t.path("watermark").isTextual() ? t.get("watermark").asText() : null, secret,
                t.path("segments").isInt() ? t.get("segments").asInt() : null);
    }

    private static PgPlan.KeySpec keySpec(JsonNode k) {
        if (k == null || k.isNull()) {
            return null;
        }
        return k.isTextual() ? new PgPlan.KeySpec(k.asText(), null)
                : new PgPlan.KeySpec(k.get("attribute").asText(), k.path("template").isTextual() ? k.get("template").asText() : null);
    }

    // ------------------------------------------------------------------ the world

    private void checkWorld(PgPlan plan, List<Problem> problems) {
        ledger.checkRunId(plan.runId(), WORKFLOW, plan.inputHash(), plan.dryRun(), false).ifPresent(problems::add);
        SourceDatabase db = new SourceDatabase(plan.source(), clients, calls);
        try (Connection c = db.open()) {
            c.setReadOnly(true);
            if (!Catalog.schemaExists(c, plan.source().schema())) {
                problems.add(new Problem("$.source.schema", "Schema " + plan.source().schema() + " does not exist in the database.",
                        "Give the schema the tables are in (default public)."));
                return;
            }
            Map<String, Catalog.Table> catalog = Catalog.read(c, plan.source().schema(), plan.tables().stream().map(PgPlan.TableSpec::source).toList());
            List<ResolvedTable> resolved = new Resolver(plan, catalog, problems).resolve();
            if (plan.options().order() == null && catalog.keySet().containsAll(plan.tables().stream().map(PgPlan.TableSpec::source).toList())) {
                LoadOrder.Result order = LoadOrder.of(plan.tables().stream().map(PgPlan.TableSpec::source).toList(), catalog);
                if (order.cycle() != null) {
                    problems.add(new Problem("$.tables", "The foreign keys form a cycle, so no table of it can be loaded before the others: "
                            + order.cycle() + ".", "Give options.order (every table, parents first): ids are derived (uuid5) or kept, "
                            + "so references resolve in any order; verification checks them at the end."));
                }
            }
            checkTargets(plan, resolved, problems);
            for (ResolvedTable t : resolved) {
                if (t.isSecret()) {
                    checkSecretRows(plan, c, t, problems);
                }
            }
        } catch (SQLException e) {
            problems.add(connectionProblem(plan, e));
        } catch (DecryptionKeys.KeyUnavailableException e) {
            problems.add(new Problem("$.tables", e.getMessage() + ".", "Fix the key's location in secret.decryption.key."));
        } catch (FerryException e) {
            problems.add(new Problem("$.source.credentials", e.getMessage() + ".", "Fix source.credentials."));
        }
    }

    private static Problem connectionProblem(PgPlan plan, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String where;
        try {
            where = SourceDatabase.parse(plan.source().jdbcUrl()).describe();
        } catch (IllegalArgumentException bad) {
            where = "the database";
        }
        if (state.equals("28P01") || state.equals("28000")) {
            return new Problem("$.source.credentials", "The database at " + where + " refused the credentials"
                    + (plan.source().secretArn() != null ? " in secret " + plan.source().secretArn() : " of IAM user " + plan.source().iamUser())
                    + " (SQLSTATE " + state + ").", "Put the right username and password in that secret (or grant rds_iam to the user), "
                    + "and check pg_hba.conf allows the user from the functions' subnets.");
        }
        if (state.equals("3D000")) {
            return new Problem("$.source.jdbcUrl", "The database named in the URL does not exist at " + where + ".",
                    "Give the database's name as the URL's path.");
        }
        if (state.startsWith("08")) {
            return new Problem("$.source.jdbcUrl", "Cannot reach the database at " + where + ": " + SourceDatabase.describe(e) + ".",
                    "Check host and port; deployed, the functions run in the VPC given to `cdk deploy` (-c postgresVpcId, "
                            + "-c postgresSubnetIds, -c postgresSecurityGroupId): the database's security group must let that group in on its port.");
        }
        return new Problem("$.source", "The database at " + where + " failed: " + SourceDatabase.describe(e) + ".",
                "Grant the user CONNECT, USAGE on the schema and SELECT on the tables.");
    }

    /** Target tables: absent (created), or present with the keys the spec gives; tables sharing one target need distinct keys. */
    private void checkTargets(PgPlan plan, List<ResolvedTable> resolved, List<Problem> problems) {
        Map<String, List<ResolvedTable>> byTarget = new LinkedHashMap<>();
        resolved.stream().filter(t -> !t.isSecret()).forEach(t -> byTarget.computeIfAbsent(t.target(), k -> new ArrayList<>()).add(t));
        for (Map.Entry<String, List<ResolvedTable>> e : byTarget.entrySet()) {
            List<ResolvedTable> sharing = e.getValue();
            ResolvedTable first = sharing.get(0);
            String path = "$.tables[" + first.index() + "].target";
            for (ResolvedTable other : sharing.subList(1, sharing.size())) {
                String otherPath = "$.tables[" + other.index() + "]";
                if (!sameKeyNames(first, other)) {
                    problems.add(new Problem(otherPath + ".target", "Tables " + first.source() + " and " + other.source() + " both load into "
                            + e.getKey() + " but with other key attributes.", "Give both the same partitionKey/sortKey attributes."));
                } else if (!distinctKeySpaces(first, other)) {
                    problems.add(new Problem(otherPath + ".target", "Tables " + first.source() + " and " + other.source() + " both load into "
                            + e.getKey() + " without distinct keys: their items could overwrite each other.",
                            "Give each a key template with its own constant prefix, e.g. {\"attribute\": \"pk\", \"template\": \""
                                    + other.source().toUpperCase() + "#{" + other.keyColumns().get(0) + "}\"}, or give each its own target."));
                }
            }
            TableDescription existing;
            try {
                existing = DynamoDbTables.find(calls, clients.dynamo(plan.destination()), e.getKey()).orElse(null);
            } catch (SdkException x) {
                problems.add(new Problem(path, "Cannot describe target table " + e.getKey() + " in " + plan.destination().describe()
                        + " (" + AwsErrors.describe(x) + ").", "Grant dynamodb:DescribeTable on it to the functions' role (or the destination role)."));
                continue;
            }
            if (existing == null) {
                if (!plan.full()) {
                    problems.add(new Problem(path, "Target table " + e.getKey() + " does not exist; a " + plan.mode()
                            + " run compares with (and updates) the tables a full run made.", "Run mode \"full\" first, or fix the name."));
                }
                continue;
            }
            List<String> diffs = keyDifferences(first, existing);
            if (!diffs.isEmpty()) {
                problems.add(new Problem(path, "Target table " + e.getKey() + " exists with other keys: " + String.join("; ", diffs) + ".",
                        "Load into a new table (another target name), or give partitionKey/sortKey matching the table's keys."));
            } else if (plan.full() && "fail".equals(plan.options().ifTargetExists()) && !createdByThisRun(plan, e.getKey())) {
                problems.add(new Problem(path, "Target table " + e.getKey() + " already exists in " + plan.destination().describe() + ".",
                        "Choose another target, delete that table, or set options.ifTargetExists to \"reuse-if-compatible\"."));
            }
        }
    }

    private boolean createdByThisRun(PgPlan plan, String table) {
        return ledger.findRun(plan.runId()).isPresent() && ledger.resource(plan.runId(), DynamoDbTables.resourceKey(plan.destination(), table))
                .map(r -> r.status() == ResourceStatus.CREATED || r.status() == ResourceStatus.CREATING).orElse(false);
    }

    private static boolean sameKeyNames(ResolvedTable a, ResolvedTable b) {
        return a.partitionKey().attribute().equals(b.partitionKey().attribute()) && a.partitionKey().type().equals(b.partitionKey().type())
                && (a.sortKey() == null ? b.sortKey() == null
                : b.sortKey() != null && a.sortKey().attribute().equals(b.sortKey().attribute()) && a.sortKey().type().equals(b.sortKey().type()));
    }

    private static boolean distinctKeySpaces(ResolvedTable a, ResolvedTable b) {
        for (int i = 0; i < a.keys().size(); i++) {
            ResolvedTable.KeyAttr ka = a.keys().get(i);
            ResolvedTable.KeyAttr kb = b.keys().get(i);
            if (ka.template() != null && kb.template() != null) {
                String pa = ResolvedTable.constantPrefix(ka.template());
                String pb = ResolvedTable.constantPrefix(kb.template());
                if (!pa.isEmpty() && !pb.isEmpty() && !pa.startsWith(pb) && !pb.startsWith(pa)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<String> keyDifferences(ResolvedTable t, TableDescription existing) {
        List<String> diffs = new ArrayList<>();
        Map<String, String> types = new HashMap<>();
        existing.attributeDefinitions().forEach(a -> types.put(a.attributeName(), a.attributeTypeAsString()));
        String hash = null;
        String range = null;
        for (KeySchemaElement k : existing.keySchema()) {
            if (k.keyType() == KeyType.HASH) {
                hash = k.attributeName();
            } else {
                range = k.attributeName();
            }
        }
        if (!t.partitionKey().attribute().equals(hash) || !t.partitionKey().type().equals(types.get(hash))) {
            diffs.add("its partition key is " + hash + " (" + types.get(hash) + "), the items' is " + t.partitionKey().attribute()
                    + " (" + t.partitionKey().type() + ")");
        }
        String wanted = t.sortKey() == null ? null : t.sortKey().attribute();
        if (!java.util.Objects.equals(wanted, range) || (range != null && !t.sortKey().type().equals(types.get(range)))) {
            diffs.add("its sort key is " + (range == null ? "none" : range + " (" + types.get(range) + ")") + ", the items' is "
                    + (wanted == null ? "none" : wanted + " (" + t.sortKey().type() + ")"));
        }
        return diffs;
    }

    /**
     * Every row of a secret table (up to {@link #SECRET_ROWS_CHECKED}) decrypts with the key, makes a valid,
     * unique secret name, and no name is scheduled for deletion. Plaintexts are dropped at once.
     */
    private void checkSecretRows(PgPlan plan, Connection c, ResolvedTable t, List<Problem> problems) throws SQLException {
        String path = "$.tables[" + t.index() + "].secret";
        PgPlan.SecretSpec spec = t.secret();
        Decryptor decryptor;
        try {
            decryptor = DecryptionKeys.decryptor(spec.decryption(), clients, calls, plan.destination().region());
        } catch (DecryptionKeys.KeyUnavailableException e) {
            problems.add(new Problem(path + ".decryption.key", e.getMessage() + ".", "Point key at the secret or KMS blob that holds the key."));
            return;
        }
        Set<String> pendingDeletion = pendingDeletion(plan, spec, problems, path);
        Set<String> names = new HashSet<>();
        List<String> undecryptable = new ArrayList<>();
        List<String> badNames = new ArrayList<>();
        List<String> duplicates = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        int rows = 0;
        int signatureFailures = 0;
        int decrypted = 0;
        c.setAutoCommit(false);
        try (PreparedStatement p = c.prepareStatement("SELECT " + t.selectList() + " FROM " + t.qualified() + " ORDER BY " + t.keyRow()
                + " LIMIT " + SECRET_ROWS_CHECKED)) {
            p.setFetchSize(500);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    rows++;
                    ResolvedTable.Row row;
                    try {
                        row = t.read(rs);
                    } catch (dev.ferry.postgres.convert.Values.ConversionException e) {
                        undecryptable.add("row " + rows + " in key order (" + e.getMessage() + ")");
                        continue;
                    }
                    String key = row.describeKey(t.keyColumns());
                    try {
                        byte[] plain = decryptor.decrypt(row.values().get(spec.encryptedColumn()));
                        SecretValues.value(spec, row, plain);
                        java.util.Arrays.fill(plain, (byte) 0);
                        decrypted++;
                    } catch (InvalidTokenException e) {
                        if (e.reason() == InvalidTokenException.Reason.SIGNATURE) {
                            signatureFailures++;
                        }
                        undecryptable.add(key + " (" + e.getMessage() + ")");
                    }
                    String name = ResolvedTable.fill(spec.name(), row);
                    if (!SECRET_NAME.matcher(name).matches()) {
                        badNames.add(key + " gives '" + printable(name) + "'");
                    } else if (!names.add(name)) {
                        duplicates.add(key + " gives " + name);
                    } else if (pendingDeletion.contains(name)) {
                        deleted.add(name);
                    }
                }
            }
        } finally {
            c.rollback();
        }
        if (rows > 0 && decrypted == 0 && signatureFailures == rows && !plan.options().skipDecryptErrors()) {
            problems.add(new Problem(path + ".decryption.key", "The key in " + spec.decryption().keyLocation() + " decrypts none of the "
                    + rows + " row(s) of " + t.source() + "." + spec.encryptedColumn() + " checked: it is the wrong key.",
                    "Store the key the application encrypted with in that secret (for Fernet, its url-safe base64 text), "
                            + "or point decryption.key at the right one."));
        } else if (!undecryptable.isEmpty() && !plan.options().skipDecryptErrors()) {
            problems.add(new Problem("$.tables[" + t.index() + "]", undecryptable.size() + " row(s) of " + t.source()
                    + " do not decrypt: " + listed(undecryptable) + ".",
                    "Fix or delete those rows, or set options.onDecryptError to \"skip\" to migrate the others and report these."));
        }
        if (!badNames.isEmpty()) {
            problems.add(new Problem(path + ".name", "The secret name template makes " + badNames.size() + " invalid name(s): "
                    + listed(badNames) + ".", "Secret names are 1-512 of A-Z a-z 0-9 / _ + = . @ -: change the template or those rows."));
        }
        if (!duplicates.isEmpty()) {
            problems.add(new Problem(path + ".name", "The secret name template gives " + duplicates.size()
                    + " row(s) a name another row already has: " + listed(duplicates) + ".",
                    "Put a unique column in the template (e.g. the primary key), or remove the duplicate rows."));
        }
        if (!deleted.isEmpty()) {
            problems.add(new Problem(path + ".name", deleted.size() + " secret name(s) are scheduled for deletion in Secrets Manager: "
                    + listed(deleted) + ".", "Restore them (aws secretsmanager restore-secret --secret-id <name>) or change the name template."));
        }
    }

    /** Names under the template's constant prefix that are scheduled for deletion. */
    private Set<String> pendingDeletion(PgPlan plan, PgPlan.SecretSpec spec, List<Problem> problems, String path) {
        Set<String> out = new HashSet<>();
        String prefix = ResolvedTable.constantPrefix(spec.name());
        SecretsManagerClient sm = clients.client(plan.destination(), SecretsManagerClient.class, SecretsManagerClient::builder);
        try {
            String token = null;
            do {
                String next = token;
                ListSecretsResponse page = calls.call("ListSecrets", () -> sm.listSecrets(b -> b.includePlannedDeletion(true).maxResults(100)
                        .nextToken(next).filters(f -> f.key(FilterNameStringType.NAME).values(prefix.isEmpty() ? "" : prefix))));
                for (SecretListEntry s : page.secretList()) {
                    if (s.deletedDate() != null) {
                        out.add(s.name());
                    }
                }
                token = page.nextToken();
            } while (token != null);
        } catch (SdkException e) {
            problems.add(new Problem(path + ".name", "Cannot list the secrets under " + prefix + " in " + plan.destination().describe()
                    + " (" + AwsErrors.describe(e) + ").", "Grant secretsmanager:ListSecrets to the functions' role (or the destination role)."));
        }
        return out;
    }

    private static String listed(List<String> items) {
        return String.join("; ", items.subList(0, Math.min(LISTED, items.size()))) + (items.size() > LISTED ? "; and " + (items.size() - LISTED) + " more" : "");
    }

    private static String printable(String s) {
        String shown = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
