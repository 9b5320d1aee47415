package dev.ferry.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.json.Json;
import dev.ferry.testkit.SampleTables;
import dev.ferry.engine.ExecutionListener;
import dev.ferry.engine.ExecutionResult;
import dev.ferry.local.bench.SequentialCopier;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;

/**
 * {@code ferry bench copy-phase} (also plain {@code ferry bench}): copies one generated table on a DynamoDB Local server twice, with the
 * sequential reference copier (one Scan, 25-item BatchWriteItem, as the scripts Ferry replaces)
 * and with Ferry's dynamodb-table-copy workflow through the local engine, then prints both rates,
 * their ratio, the state transitions and the heap limit it ran within. See docs/performance.md.
 */
@Command(name = "copy-phase", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = {"Time the copy phase alone, in one JVM, against a sequential copier.",
                "Copies a generated table with a sequential reference copier and with Ferry on DynamoDB Local",
                "(in process, or --endpoint for a server of your own), and prints both rates.",
                "Memory check: java -Xmx256m -jar ferry.jar bench copy-phase --endpoint http://localhost:8000 --item-bytes 390000"})
final class BenchCopyPhaseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--items", defaultValue = "20000", description = "Items in the generated table (default: ${DEFAULT-VALUE}).")
    int items;

    @Option(names = "--item-bytes", defaultValue = "1000", description = "Padding added to each item, in bytes (default: ${DEFAULT-VALUE}; at most 390000).")
    int itemBytes;

    @Option(names = "--segments", defaultValue = "8", description = "Scan segments Ferry uses (default: ${DEFAULT-VALUE}).")
    int segments;

    @Option(names = "--endpoint", description = "A running DynamoDB Local (or other emulator) to use instead of one in process.")
    String endpoint;

    @Override
    public Integer call() {
        return Commands.guard(spec, () -> {
            if (items < 1 || itemBytes < 0 || itemBytes > 390_000 || segments < 1 || segments > 1000) {
                throw new CliException("--items must be at least 1, --item-bytes 0..390000, --segments 1..1000");
            }
            PrintWriter err = spec.commandLine().getErr();
            PrintWriter out = spec.commandLine().getOut();
            String id = Long.toString(System.currentTimeMillis(), 36);
            try (EmbeddedDynamoDb db = endpoint == null ? EmbeddedDynamoDb.start() : EmbeddedDynamoDb.external(endpoint);
                 RunSettings settings = RunSettings.of(null, "ferry-bench-ledger");
                 DynamoDbClient src = DynamoDbClient.builder().region(Region.of(DemoCommand.SOURCE_REGION)).build();
                 DynamoDbClient dst = DynamoDbClient.builder().region(Region.of(DemoCommand.DESTINATION_REGION)).build()) {
                String source = "bench-src-" + id;
                long itemSize = averageItemBytes();
                err.println("ferry bench: DynamoDB Local at " + db.endpoint() + "; generating " + items + " items of about "
                        + itemSize + " bytes in " + source + " ...");
                SampleTables.createRich(src, source, BillingMode.PAY_PER_REQUEST);
                SampleTables.fill(src, source, items, 11, itemBytes);

                err.println("ferry bench: sequential reference copy ...");
                SampleTables.createRich(dst, "bench-seq-" + id, BillingMode.PAY_PER_REQUEST);
                long t0 = System.nanoTime();
                long copied = new SequentialCopier(src, dst).copy(source, "bench-seq-" + id);
                Duration sequential = Duration.ofNanos(System.nanoTime() - t0);

                err.println("ferry bench: Ferry copy (" + segments + " segments) ...");
                PhaseTimer timer = new PhaseTimer();
                ExecutionResult result = WorkflowExecutor.execute("dynamodb-table-copy", input(source, "bench-ferry-" + id),
                        "ferry-bench-" + id, timer, settings.deps());
                if (!result.succeeded()) {
                    return LocalRunner.failed(err, result);
                }
                Duration ferryCopy = timer.duration("Segments");
                double seqRate = copied / seconds(sequential);
                double ferryRate = result.output().at("/totals/sourceItems").asLong() / seconds(ferryCopy);
                out.printf("items copied            %d (about %d bytes each)%n", copied, itemSize);
                out.printf("sequential reference    %8.0f items/s  (%s)%n", seqRate, sequential);
                out.printf("ferry (copy+verify map) %8.0f items/s  (%s, %d segments, each verified right after it is copied)%n", ferryRate, ferryCopy, segments);
                out.printf("ratio ferry/sequential  %8.2f%n", ferryRate / seqRate);
                out.printf("ferry whole workflow    %s incl. validation, table creation and checksum verification (%s)%n",
                        result.duration(), result.output().at("/tables/0/result").asText());
                out.printf("state transitions       %d%n", result.stateTransitions());
                out.printf("heap limit              %d MB (-Xmx); the whole run stayed within it%n", Runtime.getRuntime().maxMemory() >> 20);
                out.flush();
                return ExitCodes.OK;
            }
        });
    }

    private JsonNode input(String source, String destination) {
        ObjectNode in = Json.object();
        in.putObject("source").put("region", DemoCommand.SOURCE_REGION);
        in.putObject("destination").put("region", DemoCommand.DESTINATION_REGION);
        in.putArray("tables").addObject().put("source", source).put("destination", destination);
        in.putObject("options").put("segments", segments).put("verify", "checksum");
        return in;
    }

    /** DynamoDB's size of the generated items, on average over a sample. */
    private long averageItemBytes() {
        java.util.Random random = new java.util.Random(11);
        long total = 0;
        int sample = 100;
        for (int i = 0; i < sample; i++) {
            Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item = new java.util.HashMap<>(SampleTables.richItem(i, random));
            item.remove("big");
            item.put("pad", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("p".repeat(itemBytes)));
            total += dev.ferry.core.codec.ItemCodec.itemSizeBytes(item);
        }
        return total / sample;
    }

    private static double seconds(Duration d) {
        return Math.max(1e-3, d.toNanos() / 1e9);
    }

    /** Times top-level states by their entry and exit. */
    static final class PhaseTimer implements ExecutionListener {
        private final Map<String, Long> entered = new ConcurrentHashMap<>();
        private final Map<String, Long> exited = new ConcurrentHashMap<>();

        @Override
        public void stateEntered(String path, String type) {
            entered.putIfAbsent(path, System.nanoTime());
        }

        @Override
        public void stateExited(String path, JsonNode output) {
            exited.put(path, System.nanoTime());
        }

        Duration duration(String state) {
            Long start = entered.get(state);
            Long end = exited.get(state);
            return start == null || end == null ? Duration.ZERO : Duration.ofNanos(end - start);
        }
    }
}
