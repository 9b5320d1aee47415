package dev.ferry.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.engine.ExecutionListener;
import dev.ferry.engine.ExecutionResult;
import dev.ferry.local.bench.SeedStyleMigrator;
import dev.ferry.testkit.PostgresLocal;
import dev.ferry.testkit.ThreatEngineDatabase;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * {@code ferry bench postgres}: migrates the same generated threat-engine database (embedded PostgreSQL, DynamoDB
 * Local, in-process Secrets Manager) twice, the common script's way ({@link SeedStyleMigrator}: everything
 * exported to memory, one PutItem per row, one CreateSecret per credential) and with the postgres-to-dynamodb
 * workflow, then prints both rates, the ratio, and the peak heap Ferry used. Run it at 10x the rows with the same
 * {@code -Xmx} (and {@code --skip-baseline}, which would not fit) to see Ferry's memory stay flat. See
 * docs/performance.md.
 */
@Command(name = "postgres", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = {"Benchmark postgres-to-dynamodb against the common script's approach on a generated database",
                "(embedded PostgreSQL, DynamoDB Local, in-process Secrets Manager), and print both rates and Ferry's peak heap.",
                "DynamoDB Local runs in a JVM of its own. Memory check: java -Xmx256m -jar ferry.jar bench postgres --skip-baseline,",
                "then the same with --rows 1000000"})
final class BenchPostgresCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--rows", defaultValue = "100000", description = "Rows in the generated database (default: ${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--skip-baseline", description = "Run Ferry only (the baseline holds the whole database in memory).")
    boolean skipBaseline;

    @Option(names = "--endpoint", description = "A running DynamoDB Local (or other emulator) to use, e.g. "
            + "java -cp ferry.jar software.amazon.dynamodb.services.local.main.ServerRunner -inMemory -port 8000. "
            + "Default: one started in a JVM of its own, so the heap measured is Ferry's alone.")
    String endpoint;

    @Option(names = "--in-process-dynamodb", description = "Run DynamoDB Local inside this JVM instead (its tables then share the heap "
            + "and the collector with the run).")
    boolean inProcess;

    @Option(names = "--reports", defaultValue = RunSettings.DEFAULT_REPORTS, description = "Where Ferry's report goes (default: ${DEFAULT-VALUE}).")
    String reports;

    @Override
    public Integer call() {
        return Commands.guard(spec, () -> {
            if (rows < 1000 || rows > 20_000_000) {
                throw new CliException("--rows must be between 1000 and 20000000, not " + rows);
            }
            PrintWriter err = spec.commandLine().getErr();
            PrintWriter out = spec.commandLine().getOut();
            String id = Long.toString(System.currentTimeMillis(), 36);
            err.println("ferry bench postgres: generating about " + rows + " rows in an embedded PostgreSQL ...");
            try (DynamoDbLocalProcess server = endpoint == null && !inProcess ? DynamoDbLocalProcess.start("4g") : null;
                 PostgresSandbox sandbox = PostgresSandbox.start("ferry_bench", rows, server != null ? server.endpoint() : endpoint);
                 DynamoDbClient dynamo = DynamoDbClient.builder().region(Region.of(PostgresSandbox.REGION)).build()) {
                long total = sandbox.counts.total();
                Duration seed = null;
                long seedRows = 0;
                if (!skipBaseline) {
                    // the baseline gets a DynamoDB Local of its own, stopped before Ferry runs, so neither side
                    // writes into a server (and, in process, a heap) already holding the other's items
                    try (EmbeddedDynamoDb baselineDb = inProcess ? EmbeddedDynamoDb.start() : null;
                         DynamoDbClient baseline = inProcess ? DynamoDbClient.builder().region(Region.of(PostgresSandbox.REGION))
                                 .endpointOverride(java.net.URI.create(baselineDb.endpoint())).build() : null) {
                        DynamoDbClient target = baseline != null ? baseline : dynamo;
                        String prefix = "seed-" + id;
                        for (String table : ThreatEngineDatabase.TABLES) {
                            if (!table.equals("account_credentials")) {
                                createTable(target, prefix + "-" + table.replace('_', '-'), KEYS.get(table));
                            }
                        }
                        err.println("ferry bench postgres: the common script's way (export to memory, PutItem per row, CreateSecret per credential) ...");
                        long t0 = System.nanoTime();
                        try (Connection c = PostgresLocal.get().connect(sandbox.database)) {
                            seedRows = new SeedStyleMigrator(c, target, sandbox.secrets).migrate(ThreatEngineDatabase.TABLES, KEYS,
                                    "account_credentials", sandbox.fernet, prefix);
                        }
                        seed = Duration.ofNanos(System.nanoTime() - t0);
                    }
                }
                err.println("ferry bench postgres: Ferry ...");
                System.gc();
                HeapPeak heap = new HeapPeak();
                Timer timer = new Timer();
                ExecutionResult result;
                try {
                    heap.start();
                    result = WorkflowExecutor.execute("postgres-to-dynamodb", sandbox.input("ferry-" + id), "ferry-bench-pg-" + id, timer,
                            sandbox.deps(reports));
                } finally {
                    heap.stop();
                }
                if (!result.succeeded()) {
                    return LocalRunner.failed(err, result);
                }
                Duration load = timer.span("LoadLevel");
                long loaded = 0;
                for (JsonNode t : result.output().path("tables")) {
                    loaded += t.path("sourceRows").asLong();
                }
                double ferryRate = loaded / seconds(load);
                out.printf("rows                    %d in 7 tables (%d encrypted credentials)%n", total, sandbox.counts.credentials());
                if (seed != null) {
                    double seedRate = seedRows / seconds(seed);
                    out.printf("common script's way     %9.0f rows/s  (%s: export to memory, PutItem per row, CreateSecret per credential)%n",
                            seedRate, seed);
                    out.printf("ferry (load phase)      %9.0f rows/s  (%s)%n", ferryRate, load);
                    out.printf("ratio ferry/script      %9.2f%n", ferryRate / seedRate);
                } else {
                    out.printf("ferry (load phase)      %9.0f rows/s  (%s)%n", ferryRate, load);
                }
                out.printf("ferry whole workflow    %s incl. validation, planning and verification of every row and secret (%s)%n",
                        result.duration(), result.output().path("status").asText());
                out.printf("ferry heap              %d MB live after GC at most, %d MB in use at most (heap limit %d MB, -Xmx)%n",
                        heap.live() >> 20, heap.peak() >> 20, Runtime.getRuntime().maxMemory() >> 20);
                out.printf("state transitions       %d%n", result.stateTransitions());
                out.flush();
                return ExitCodes.OK;
            }
        });
    }

    /** Primary keys of the threat-engine tables. */
    static final Map<String, String> KEYS = Map.of("tenants", "tenant_id", "providers", "provider_id", "accounts", "account_id",
            "account_credentials", "credential_id", "schedules", "schedule_id", "executions", "execution_id", "scan_results", "result_id");

    private static void createTable(DynamoDbClient dynamo, String name, String key) {
        dynamo.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName(key).attributeType(key.equals("result_id") ? ScalarAttributeType.N : ScalarAttributeType.S))
                .keySchema(k -> k.attributeName(key).keyType(KeyType.HASH)));
    }

    private static double seconds(Duration d) {
        return Math.max(1e-3, d.toNanos() / 1e9);
    }

    /** From the first entry to the last exit of a state (all iterations of a loop). */
    static final class Timer implements ExecutionListener {
        private final Map<String, Long> first = new ConcurrentHashMap<>();
        private final Map<String, Long> last = new ConcurrentHashMap<>();

        @Override
        public void stateEntered(String path, String type) {
            first.putIfAbsent(path, System.nanoTime());
        }

        @Override
        public void stateExited(String path, JsonNode output) {
            last.put(path, System.nanoTime());
        }

        Duration span(String state) {
            Long a = first.get(state);
            Long b = last.get(state);
            return a == null || b == null ? Duration.ZERO : Duration.ofNanos(b - a);
        }
    }

    /**
     * Heap at 20 ms samples: the most in use (live objects and garbage not yet collected, so it follows -Xmx) and
     * the most that stayed live after a collection (what the run really holds).
     */
    static final class HeapPeak {
        private final AtomicLong peak = new AtomicLong();
        private final AtomicLong live = new AtomicLong();
        private volatile boolean running;
        private Thread thread;

        void start() {
            running = true;
            thread = new Thread(() -> {
                while (running) {
                    peak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                    long afterGc = 0;
                    for (java.lang.management.MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                        if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getCollectionUsage() != null) {
                            afterGc += pool.getCollectionUsage().getUsed();
                        }
                    }
                    live.accumulateAndGet(afterGc, Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-peak");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() {
            running = false;
            thread.interrupt();
        }

        long peak() {
            return peak.get();
        }

        long live() {
            return live.get();
        }
    }
}
