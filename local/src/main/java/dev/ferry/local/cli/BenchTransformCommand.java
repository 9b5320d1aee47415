package dev.ferry.local.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.engine.ExecutionListener;
import dev.ferry.engine.ExecutionResult;
import dev.ferry.core.aws.ClientFactory;
import dev.ferry.core.runtime.Dependencies;
import dev.ferry.local.bench.ProcessCpu;
import dev.ferry.local.bench.SequentialTransformer;
import dev.ferry.local.bench.SimulatedLatency;
import dev.ferry.testkit.SampleTables;
import dev.ferry.testkit.VamsAssets;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code ferry bench transform}: the VAMS v2.2 to v2.3 migration of the same generated assets, on one DynamoDB
 * Local, twice: with the script's approach (a sequential scan, one PutItem per version record and one UpdateItem
 * per asset, {@link SequentialTransformer}) and with Ferry's dynamodb-transform workflow running the shipped
 * example through the local engine. Prints both rates, their ratio, the CPU per 1,000 assets of each, and whether
 * both ended with the same tables.
 * See docs/performance.md.
 */
@Command(name = "transform", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = {"Benchmark dynamodb-transform: migrate generated VAMS v2.2 assets with the script's approach",
                "(sequential scan, one PutItem and one UpdateItem per asset) and with Ferry, and print both rates."})
final class BenchTransformCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--assets", defaultValue = "20000", description = "Generated v2.2 assets (default: ${DEFAULT-VALUE}).")
    int assets;

    @Option(names = "--segments", description = "Scan segments Ferry uses (default: the workflow's own, from the table's size).")
    Integer segments;

    @Option(names = "--endpoint", description = "A running DynamoDB Local (or other emulator) to use instead of one this command starts.")
    String endpoint;

    @Option(names = "--in-process-dynamodb", description = {"Run DynamoDB Local inside this JVM instead of in a JVM of its own",
            "(its work then counts in this process's CPU and shares its cores' scheduling with both approaches)."})
    boolean inProcess;

    @Option(names = "--latency-ms", defaultValue = "0", description = {"A network round trip added to every DynamoDB call "
            + "of both approaches (default: ${DEFAULT-VALUE}).", "DynamoDB Local on this host answers in well under a "
            + "millisecond, DynamoDB itself in single-digit milliseconds: see docs/performance.md."})
    double latencyMs;

    @Override
    public Integer call() {
        return Commands.guard(spec, () -> {
            if (assets < 1 || (segments != null && (segments < 1 || segments > 1000)) || latencyMs < 0 || latencyMs > 1000) {
                throw new CliException("--assets must be at least 1, --segments 1..1000 and --latency-ms 0..1000");
            }
            SimulatedLatency latency = new SimulatedLatency(latencyMs);
            PrintWriter err = spec.commandLine().getErr();
            PrintWriter out = spec.commandLine().getOut();
            String id = Long.toString(System.currentTimeMillis(), 36);
            try (DynamoDbLocalProcess server = endpoint == null && !inProcess ? DynamoDbLocalProcess.start("4g") : null;
                 EmbeddedDynamoDb db = server != null ? EmbeddedDynamoDb.external(server.endpoint())
                         : endpoint == null ? EmbeddedDynamoDb.start() : EmbeddedDynamoDb.external(endpoint);
                 ClientFactory clients = ClientFactory.builder().addInterceptor(latency).build();
                 DynamoDbClient ddb = DynamoDbClient.builder().region(Region.of(DemoCommand.DESTINATION_REGION)).build();
                 DynamoDbClient timed = DynamoDbClient.builder().region(Region.of(DemoCommand.DESTINATION_REGION))
                         .overrideConfiguration(c -> c.addExecutionInterceptor(latency)).build()) {
                Dependencies deps = Dependencies.builder().clients(clients).ledgerTable("ferry-bench-ledger").ledgerAutoCreate(true)
                        .reportsLocation(RunSettings.DEFAULT_REPORTS).build();
                String seqAssets = "bench-seq-assets-" + id;
                String seqVersions = "bench-seq-versions-" + id;
                String ferryAssets = "bench-ferry-assets-" + id;
                String ferryVersions = "bench-ferry-versions-" + id;
                err.println("ferry bench transform: DynamoDB Local at " + db.endpoint() + "; generating " + assets
                        + " VAMS v2.2 assets twice ...");
                VamsAssets.createTables(ddb, seqAssets, seqVersions);
                VamsAssets.createTables(ddb, ferryAssets, ferryVersions);
                VamsAssets.fill(ddb, seqAssets, assets, 7);
                VamsAssets.fill(ddb, ferryAssets, assets, 7);

                err.println("ferry bench transform: the script's approach (sequential scan, PutItem + UpdateItem per asset)"
                        + (latency.isOn() ? ", " + latency + " per call" : "") + " ...");
                double cpu0 = processCpu();
                double server0 = serverCpuOf(server);
                long t0 = System.nanoTime();
                long read = new SequentialTransformer(timed, VamsExampleInput.bucket()).migrate(seqAssets, seqVersions);
                Duration sequential = Duration.ofNanos(System.nanoTime() - t0);
                double seqCpu = processCpu() - cpu0;
                double seqServerCpu = serverCpuOf(server) - server0;

                err.println("ferry bench transform: Ferry's dynamodb-transform with the shipped example ...");
                ObjectNode input = VamsExampleInput.on(ferryAssets, ferryVersions);
                if (segments != null) {
                    input.with("options").put("segments", segments);
                }
                PhaseCpu timer = new PhaseCpu("TransformSegments", server);
                ExecutionResult result = WorkflowExecutor.execute("dynamodb-transform", input, "ferry-bench-transform-" + id,
                        timer, deps);
                if (!result.succeeded()) {
                    return LocalRunner.failed(err, result);
                }
                Duration transform = timer.duration("TransformSegments");
                long scanned = result.output().at("/counts/scanned").asLong();
                double seqRate = read / seconds(sequential);
                double ferryRate = scanned / seconds(transform);
                boolean same = same(ddb, seqAssets, ferryAssets, "databaseId", "assetId")
                        && same(ddb, seqVersions, ferryVersions, "assetId", "assetVersionId");
                out.printf("assets migrated         %d of %d read (%d already v2.3)%n", result.output().at("/counts/transformed").asLong(),
                        scanned, result.output().at("/counts/skipped").asLong());
                out.printf("script's approach       %8.0f assets/s  (%s)%n", seqRate, sequential);
                out.printf("ferry (transform phase) %8.0f assets/s  (%s, %d segments, rollback data and conditional updates included)%n",
                        ferryRate, transform, result.output().path("segments").asInt());
                out.printf("ratio ferry/script      %8.2f%s%n", ferryRate / seqRate,
                        latency.isOn() ? "  (with " + latency + " added to every DynamoDB call of both)" : "");
                if (seqCpu >= 0 && timer.cpu() >= 0) {
                    out.printf("cpu per 1,000 assets    script %.2f s, ferry %.2f s  (this process: both clients%s)%n",
                            seqCpu * 1000 / read, timer.cpu() * 1000 / scanned,
                            server == null && endpoint == null ? " and the in-process DynamoDB Local" : "");
                }
                if (server != null && seqServerCpu >= 0 && timer.serverCpu() >= 0) {
                    out.printf("server cpu per 1,000    script %.2f s, ferry %.2f s  (DynamoDB Local's JVM, pid %d)%n",
                            seqServerCpu * 1000 / read, timer.serverCpu() * 1000 / scanned, server.pid());
                }
                out.printf("ferry whole workflow    %s incl. validation on a sample, planning, verification of every asset "
                        + "and record, report (%s)%n", result.duration(), result.output().path("status").asText());
                out.printf("same tables both ways   %s%n", same ? "yes (assets and version records identical)" : "NO");
                out.printf("state transitions       %d%n", result.stateTransitions());
                out.printf("heap limit              %d MB (-Xmx); the whole run stayed within it%n", Runtime.getRuntime().maxMemory() >> 20);
                out.flush();
                return same ? ExitCodes.OK : ExitCodes.EXECUTION_FAILED;
            }
        });
    }

    /** CPU seconds this process has used so far, or -1 where /proc is not there. */
    private static double processCpu() {
        return ProcessCpu.ofPid(ProcessHandle.current().pid());
    }

    /** CPU seconds the DynamoDB Local server's JVM has used so far, or -1 (none started here, or no /proc). */
    private static double serverCpuOf(DynamoDbLocalProcess server) {
        return server == null ? -1 : ProcessCpu.ofPid(server.pid());
    }

    /** Times the top-level states, and measures this process's CPU while one of them runs. */
    private static final class PhaseCpu implements ExecutionListener {
        private final BenchCopyPhaseCommand.PhaseTimer timer = new BenchCopyPhaseCommand.PhaseTimer();
        private final String state;
        private final DynamoDbLocalProcess server;
        private volatile double start = -1;
        private volatile double end = -1;
        private volatile double serverStart = -1;
        private volatile double serverEnd = -1;

        PhaseCpu(String state, DynamoDbLocalProcess server) {
            this.state = state;
            this.server = server;
        }

        @Override
        public void stateEntered(String path, String type) {
            if (path.equals(state) && start < 0) {
                start = processCpu();
                serverStart = serverCpuOf(server);
            }
            timer.stateEntered(path, type);
        }

        @Override
        public void stateExited(String path, JsonNode output) {
            if (path.equals(state)) {
                end = processCpu();
                serverEnd = serverCpuOf(server);
            }
            timer.stateExited(path, output);
        }

        Duration duration(String name) {
            return timer.duration(name);
        }

        double cpu() {
            return start < 0 || end < 0 ? -1 : end - start;
        }

        double serverCpu() {
            return serverStart < 0 || serverEnd < 0 ? -1 : serverEnd - serverStart;
        }
    }

    private static boolean same(DynamoDbClient ddb, String a, String b, String... keys) {
        Map<String, Map<String, AttributeValue>> left = SampleTables.scanAll(ddb, a, keys);
        Map<String, Map<String, AttributeValue>> right = SampleTables.scanAll(ddb, b, keys);
        return left.equals(right);
    }

    private static double seconds(Duration d) {
        return Math.max(1e-3, d.toNanos() / 1e9);
    }
}
