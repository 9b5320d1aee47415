package dev.ferry.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.statemachines.WorkflowSettings;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.lambda.Code;

/**
 * The Ferry CDK app ({@code cdk synth} / {@code cdk deploy} in {@code infra/}). Every stack is
 * environment-agnostic, so synthesis needs no AWS credentials.
 *
 * <p>Stacks and the context that shapes them ({@code -c key=value} or cdk.json):
 * <ul>
 *   <li>{@code FerryControl}, always, with every workflow of {@code FerryWorkflows.all()}. Each workflow's
 *       functions run its functions module's Lambda jar, the descriptor's {@code functionsJar} under the
 *       repository root (e.g. {@code functions/dynamodb/target/ferry-functions-dynamodb-lambda.jar}); build them
 *       first with {@code ./mvnw -B -DskipTests package}. {@code functionsDir}: a directory holding the jars
 *       instead, by file name (e.g. where CI put the built jars; relative to the current directory).
 *       {@code mapConcurrency}: the Distributed Maps' MaxConcurrency (default 10).
 *       {@code schedulesDir}: one EventBridge Scheduler schedule per {@code *.json} in it, default
 *       {@value #DEFAULT_SCHEDULES_DIR} under the repository root (relative to the current directory when
 *       given; missing or empty: no schedules).</li>
 *   <li>{@code FerrySourceAccess} and {@code FerryDestinationAccess}, only when {@code controlAccountId} and
 *       {@code externalId} are given (both are required then; an error names the missing one). They are
 *       deployed by teams into the accounts that hold the tables, so there is no sensible default for
 *       either; {@code sourceRoleName} / {@code destinationRoleName} default to {@code ferry-source-access} /
 *       {@code ferry-destination-access}. Example:
 *       {@code cdk deploy FerryDestinationAccess -c controlAccountId=111122223333 -c externalId=...}</li>
 * </ul>
 *
 * <p>The feature flags in {@code infra/cdk.json} are passed to the app here too, so that tests (and a plain
 * {@code mvn exec:java}) synthesize exactly what the CLI does.
 */
public final class FerryApp {

    public static final String CONTEXT_FUNCTIONS_DIR = "functionsDir";
    static final String BUILD_COMMAND = "./mvnw -B -DskipTests package";
    public static final String CONTEXT_MAP_CONCURRENCY = "mapConcurrency";
    public static final String CONTEXT_SCHEDULES_DIR = "schedulesDir";
    public static final String DEFAULT_SCHEDULES_DIR = "events/schedules";
    public static final String CONTEXT_CONTROL_ACCOUNT_ID = "controlAccountId";
    public static final String CONTEXT_EXTERNAL_ID = "externalId";
    public static final String CONTEXT_SOURCE_ROLE_NAME = "sourceRoleName";
    public static final String CONTEXT_DESTINATION_ROLE_NAME = "destinationRoleName";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FerryApp() {
    }

    public static void main(String[] args) {
        Path repoRoot = repoRoot(Path.of("").toAbsolutePath());
        App app = new App(AppProps.builder().context(cdkJsonContext(repoRoot.resolve("infra/cdk.json"))).build());
        addStacks(app, repoRoot);
        app.synth();
    }

    /** Adds Ferry's stacks to {@code app}, as the context asks (see the class comment). */
    public static void addStacks(App app, Path repoRoot) {
        new ControlStack(app, ControlStack.ID, ControlStackProps.builder()
                .stackProps(StackProps.builder()
                        .description("Ferry control: run ledger, reports, Lambda handlers and state machines")
                        .build())
                .codeForJar(jar -> Code.fromAsset(functionsJar(app, repoRoot, jar).toString()))
                .mapConcurrency(intContext(app, CONTEXT_MAP_CONCURRENCY, WorkflowSettings.DEFAULT_MAP_CONCURRENCY))
                .schedulesDir(schedulesDir(app, repoRoot))
                .build());

        String controlAccountId = stringContext(app, CONTEXT_CONTROL_ACCOUNT_ID, null);
        String externalId = stringContext(app, CONTEXT_EXTERNAL_ID, null);
        if (controlAccountId == null && externalId == null) {
            return; // access stacks are for the other accounts; asked for with -c controlAccountId=... -c externalId=...
        }
        new SourceAccessStack(app, SourceAccessStack.ID, AccessStackProps.builder()
                .stackProps(StackProps.builder()
                        .description("Ferry source access: a read-only role for the Ferry control account")
                        .build())
                .controlAccountId(controlAccountId)
                .externalId(externalId)
                .roleName(stringContext(app, CONTEXT_SOURCE_ROLE_NAME, SourceAccessStack.DEFAULT_ROLE_NAME))
                .build(SourceAccessStack.ID));
        new DestinationAccessStack(app, DestinationAccessStack.ID, AccessStackProps.builder()
                .stackProps(StackProps.builder()
                        .description("Ferry destination access: a role for the Ferry control account to create tables")
                        .build())
                .controlAccountId(controlAccountId)
                .externalId(externalId)
                .roleName(stringContext(app, CONTEXT_DESTINATION_ROLE_NAME, DestinationAccessStack.DEFAULT_ROLE_NAME))
                .build(DestinationAccessStack.ID));
    }

    /**
     * A workflow's Lambda jar: {@code jar} (the descriptor's repository-relative path) under the repository root,
     * or its file name in the directory of context {@value #CONTEXT_FUNCTIONS_DIR} (relative to the current
     * directory).
     *
     * @throws IllegalStateException if it does not exist, saying how to build it
     */
    static Path functionsJar(App app, Path repoRoot, String jar) {
        String given = stringContext(app, CONTEXT_FUNCTIONS_DIR, null);
        Path path = given != null ? Path.of(given).toAbsolutePath().normalize().resolve(Path.of(jar).getFileName())
                : repoRoot.resolve(jar);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("The Lambda jar " + path + " does not exist: run `" + BUILD_COMMAND
                    + "` in the repository root first" + (given != null ? " and copy " + Path.of(jar).getFileName()
                    + " there (or fix -c " + CONTEXT_FUNCTIONS_DIR + "=...)" : ""));
        }
        return path;
    }

    /**
     * The schedule files' directory: context {@value #CONTEXT_SCHEDULES_DIR} (relative to the current directory)
     * or {@value #DEFAULT_SCHEDULES_DIR} under the repository root. It need not exist (then: no schedules).
     */
    static Path schedulesDir(App app, Path repoRoot) {
        String given = stringContext(app, CONTEXT_SCHEDULES_DIR, null);
        return given != null ? Path.of(given).toAbsolutePath().normalize() : repoRoot.resolve(DEFAULT_SCHEDULES_DIR);
    }

    /** The repository root: the nearest directory up from {@code start} with {@code .mvn/} and {@code infra/}. */
    static Path repoRoot(Path start) {
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(".mvn")) && Files.isDirectory(dir.resolve("infra"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the Ferry repository root (a directory with .mvn/ and infra/) above "
                + start + ": run the app from infra/ (cdk synth) or from the repository root");
    }

    /** The {@code context} object of a cdk.json (feature flags and defaults); empty if the file has none. */
    public static Map<String, Object> cdkJsonContext(Path cdkJson) {
        try {
            JsonNode context = MAPPER.readTree(cdkJson.toFile()).path("context");
            return context.isObject() ? MAPPER.convertValue(context, new TypeReference<Map<String, Object>>() { }) : Map.of();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + cdkJson + ": " + e.getMessage(), e);
        }
    }

    private static String stringContext(App app, String key, String defaultValue) {
        Object value = app.getNode().tryGetContext(key);
        if (value == null || value.toString().isBlank()) {
            return defaultValue;
        }
        return value.toString().trim();
    }

    private static int intContext(App app, String key, int defaultValue) {
        String value = stringContext(app, key, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Context " + key + " must be a whole number, got '" + value + "'", e);
        }
    }
}
