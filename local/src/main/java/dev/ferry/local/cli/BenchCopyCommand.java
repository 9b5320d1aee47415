package dev.ferry.local.cli;

import dev.ferry.core.codec.ItemCodec;
import dev.ferry.core.json.Json;
import dev.ferry.local.bench.ProcessCpu;
import dev.ferry.testkit.SampleTables;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;

/**
 * {@code ferry bench copy}: the WHOLE {@code ferry run dynamodb-table-copy} with the default options, as a user
 * runs it (the {@code ferry} launcher, its own JVM), against a seed-style sequential copier (one Scan, 25-item
 * BatchWriteItem calls one after another, no verification) in its own process, on one DynamoDB Local server in
 * its own JVM. Scenarios, each timed alternately and the best of each kept: tables of small items (~1 KB), one
 * per {@code --small-items} count, and a table of large items (100-350 KB with nested maps), all with a GSI and an
 * LSI. Prints wall time, items/s, MB/s, each process's CPU seconds per 1,000 items, the server's CPU seconds (from
 * /proc) and the ratio; with two or more small-item counts, also each process's CPU per 1,000 items once warm: the
 * difference the extra items made between one count and the next. See docs/performance.md.
 */
@Command(name = "copy", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = {"Time the whole default ferry run against a sequential copier.",
                "Both run in their own processes on one DynamoDB Local server in its own JVM; small and large items;",
                "alternating, best of --rounds; wall time, items/s, MB/s, CPU per 1,000 items, server CPU, ratio."})
final class BenchCopyCommand implements Callable<Integer> {
    private static final String SOURCE_REGION = DemoCommand.SOURCE_REGION;
    private static final String DESTINATION_REGION = DemoCommand.DESTINATION_REGION;

    @Spec
    CommandSpec spec;

    @Option(names = "--small-items", defaultValue = "3000,20000", split = ",", description = "Items of ~1 KB in the small-item tables, one table per count (default: ${DEFAULT-VALUE}; 0 skips them).")
    List<Integer> smallItems;

    @Option(names = "--large-items", defaultValue = "600", description = "Items of 100-350 KB in the large-item table (default: ${DEFAULT-VALUE}; 0 skips it).")
    int largeItems;

    @Option(names = "--rounds", defaultValue = "2", description = "Runs of each copier per scenario, alternating; the best counts (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--copier", defaultValue = "auto", description = "The sequential copier: python (boto3, as the scripts Ferry replaces), java, or auto (python when boto3 is installed).")
    String copier;

    @Option(names = "--endpoint", description = "A DynamoDB Local you started yourself (give --server-pid for its CPU) instead of one this command starts.")
    String endpoint;

    @Option(names = "--server-pid", description = "The process id of the --endpoint server, to read its CPU time from /proc.")
    Long serverPid;

    @Option(names = "--ferry", description = "How to start ferry (default: the ferry launcher beside this jar's project, else java -jar this jar). Extra JVM flags: FERRY_JAVA_OPTS.")
    String ferry;

    @Override
    public Integer call() {
        return Commands.guard(spec, () -> {
            List<Integer> small = smallItems.stream().filter(n -> n != 0).sorted().distinct().toList();
            if (smallItems.stream().anyMatch(n -> n < 0) || largeItems < 0 || small.isEmpty() && largeItems == 0 || rounds < 1) {
                throw new CliException("give --small-items (one or more counts, e.g. 3000,20000) and/or --large-items above 0, "
                        + "and --rounds of at least 1");
            }
            PrintWriter err = spec.commandLine().getErr();
            PrintWriter out = spec.commandLine().getOut();
            Path work = Files.createTempDirectory("ferry-bench-");
            DynamoDbLocalProcess server = null;
            String url = endpoint;
            Long pid = serverPid;
            try {
                if (url == null) {
                    server = DynamoDbLocalProcess.start(null);
                    url = server.endpoint();
                    pid = server.pid();
                }
                String python = pythonCopier(work);
                err.println("ferry bench copy: DynamoDB Local at " + url + (pid == null ? "" : " (pid " + pid + ")")
                        + "; sequential copier: " + (python != null ? "python3 + boto3" : "java (AWS SDK v2)"));
                List<Scenario> rows = new ArrayList<>();
                try (DynamoDbClient src = client(url, SOURCE_REGION)) {
                    waitForServer(src);
                    String id = Long.toString(System.currentTimeMillis(), 36);
                    for (int n : small) {
                        rows.add(scenario(err, work, url, pid, python, src, "small", "bench-small-" + n + "-" + id, n, false));
                    }
                    if (largeItems > 0) {
                        rows.add(scenario(err, work, url, pid, python, src, "large", "bench-large-" + id, largeItems, true));
                    }
                }
                out.printf("%-14s %-10s %8s %9s %9s %8s %15s %12s %8s%n", "items", "copier", "wall s", "items/s", "MB/s",
                        "CPU s", "CPU s/1k items", "server CPU s", "ratio");
                rows.forEach(r -> out.println(r.rows()));
                out.println("ratio = sequential copier's best wall time / Ferry's best wall time (whole run: validation, table "
                        + "creation, copy, checksum verification of every item against the source as it is, report)");
                List<Scenario> smallRuns = rows.stream().filter(r -> !r.large()).toList();
                for (int i = 1; i < smallRuns.size(); i++) {
                    out.println(warm(smallRuns.get(i - 1), smallRuns.get(i)));
                }
                out.flush();
                return ExitCodes.OK;
            } finally {
                if (server != null) {
                    server.close();
                }
            }
        });
    }

    /** A scenario's printed rows and, for the CPU once warm, each side's least CPU over its rounds. */
    record Scenario(String rows, boolean large, int items, double copierCpu, double ferryCpu) {
    }

    /**
     * CPU per 1,000 items once warm: what the extra items of the bigger table cost each process, so the JVM's start,
     * its compilation of the hot code and Ferry's fixed steps (validation, table creation, report) drop out.
     */
    static String warm(Scenario smaller, Scenario bigger) {
        double extra = bigger.items() - smaller.items();
        double copier = (bigger.copierCpu() - smaller.copierCpu()) * 1000 / extra;
        double ferry = (bigger.ferryCpu() - smaller.ferryCpu()) * 1000 / extra;
        return String.format("once warm (the %,d items more from %,d to %,d small items): CPU s per 1k items: sequential %.3f, "
                + "ferry %.3f, ferry / sequential = %.2f", (long) extra, smaller.items(), bigger.items(), copier, ferry,
                copier <= 0 ? Double.NaN : ferry / copier);
    }

    /** One scenario: the source table, then both copiers alternately; returns the printed rows. */
    private Scenario scenario(PrintWriter err, Path work, String url, Long pid, String python, DynamoDbClient src, String kind,
                              String table, int count, boolean large) throws Exception {
        SampleTables.createRich(src, table, BillingMode.PAY_PER_REQUEST);
        long bytes = fill(src, table, count, large);
        err.printf("ferry bench copy: %s: %d items, %.1f MB in %s%n", kind, count, bytes / 1e6, table);
        Measure bestCopier = null;
        Measure bestFerry = null;
        double leastCopierCpu = Double.MAX_VALUE;
        double leastFerryCpu = Double.MAX_VALUE;
        try (DynamoDbClient dst = client(url, DESTINATION_REGION)) {
            for (int round = 1; round <= rounds; round++) {
                String copy = table + "-seq-" + round;
                SampleTables.createRich(dst, copy, BillingMode.PAY_PER_REQUEST);
                List<String> copierCommand = python != null
                        ? List.of("python3", python, table, copy)
                        : List.of("java", "-cp", jar().toString(), "dev.ferry.local.bench.SequentialCopier", table, copy);
                Measure c = measure(copierCommand, url, pid, work, "copier-" + kind + "-" + round);
                err.printf("  round %d  sequential copier %6.1f s  (%.1f CPU s)%n", round, c.wallSeconds, c.cpuSeconds);
                dst.deleteTable(b -> b.tableName(copy));
                bestCopier = bestCopier == null || c.wallSeconds < bestCopier.wallSeconds ? c : bestCopier;
                leastCopierCpu = Math.min(leastCopierCpu, c.cpuSeconds);

                String dest = table + "-ferry-" + round;
                Path input = work.resolve("input-" + kind + "-" + round + ".json");
                Files.writeString(input, "{\"source\": {\"region\": \"" + SOURCE_REGION + "\"}, \"destination\": {\"region\": \""
                        + DESTINATION_REGION + "\"}, \"tables\": [{\"source\": \"" + table + "\", \"destination\": \"" + dest + "\"}]}");
                List<String> ferryCommand = new ArrayList<>(ferryLauncher());
                ferryCommand.addAll(List.of("run", "dynamodb-table-copy", "--input", input.toString(), "--reports",
                        work.resolve("reports").toString(), "--ledger-table", "ferry-bench-ledger"));
                Measure f = measure(ferryCommand, url, pid, work, "ferry-" + kind + "-" + round);
                String output = Files.readString(work.resolve("ferry-" + kind + "-" + round + ".out"));
                if (f.exitCode != 0 || !output.contains("\"MATCH\"")) {
                    throw new CliException("the ferry run failed (exit " + f.exitCode + "); its output is in " + work);
                }
                err.printf("  round %d  ferry run         %6.1f s  (%.1f CPU s, MATCH)%n", round, f.wallSeconds, f.cpuSeconds);
                dst.deleteTable(b -> b.tableName(dest));
                bestFerry = bestFerry == null || f.wallSeconds < bestFerry.wallSeconds ? f : bestFerry;
                leastFerryCpu = Math.min(leastFerryCpu, f.cpuSeconds);
            }
        }
        src.deleteTable(b -> b.tableName(table));
        double ratio = bestCopier.wallSeconds / bestFerry.wallSeconds;
        return new Scenario(row(kind, "sequential", bestCopier, count, bytes, "") + System.lineSeparator()
                + row(kind, "ferry", bestFerry, count, bytes, String.format("%.2fx", ratio)), large, count, leastCopierCpu, leastFerryCpu);
    }

    private static String row(String kind, String who, Measure m, int count, long bytes, String ratio) {
        return String.format("%-14s %-10s %8.1f %9.0f %9.2f %8.1f %15.3f %12s %8s", String.format("%,d %s", count, kind), who, m.wallSeconds, count / m.wallSeconds,
                bytes / 1e6 / m.wallSeconds, m.cpuSeconds, m.cpuSeconds * 1000 / count,
                m.serverCpuSeconds < 0 ? "n/a" : String.format("%.1f", m.serverCpuSeconds), ratio);
    }

    /** Wall time, the child's CPU (user + system, from this process's reaped-children times) and the server's CPU. */
    private Measure measure(List<String> command, String url, Long serverPid, Path work, String name) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(work.resolve(name + ".out").toFile())
                .redirectError(work.resolve(name + ".err").toFile());
        Map<String, String> env = pb.environment();
        env.put("AWS_ENDPOINT_URL_DYNAMODB", url);
        env.put("AWS_REGION", DESTINATION_REGION);
        env.put("AWS_ACCESS_KEY_ID", "ferrybench");
        env.put("AWS_SECRET_ACCESS_KEY", "ferrybench");
        env.put("SOURCE_REGION", SOURCE_REGION);
        env.put("DESTINATION_REGION", DESTINATION_REGION);
        env.put("FERRY_SKIP_BUILD", "1"); // the launcher must not rebuild the CLI inside a timed run
        double serverBefore = serverPid == null ? -1 : ProcessCpu.ofPid(serverPid);
        double childrenBefore = ProcessCpu.reapedChildren();
        long t0 = System.nanoTime();
        Process p = pb.start();
        int exit = p.waitFor();
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = ProcessCpu.reapedChildren() - childrenBefore;
        double server = serverPid == null || serverBefore < 0 ? -1 : ProcessCpu.ofPid(serverPid) - serverBefore;
        return new Measure(exit, wall, cpu, server);
    }

    private record Measure(int exitCode, double wallSeconds, double cpuSeconds, double serverCpuSeconds) {
    }

    /** Writes the table's items; returns their DynamoDB size in bytes. */
    private static long fill(DynamoDbClient ddb, String table, int count, boolean large) {
        Random random = new Random(large ? 7 : 5);
        List<Map<String, AttributeValue>> batch = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            Map<String, AttributeValue> item = new HashMap<>(SampleTables.richItem(i, random));
            item.remove("big");
            item.put("pad", AttributeValue.fromS("p".repeat(800)));
            if (large) {
                item.put("doc", document(100_000 + random.nextInt(250_000), random));
            }
            bytes += ItemCodec.itemSizeBytes(item);
            batch.add(item);
            if (batch.size() == (large ? 10 : 25)) {
                SampleTables.put(ddb, table, batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            SampleTables.put(ddb, table, batch);
        }
        return bytes;
    }

    /** A map of nested maps of about {@code size} bytes: sections of fields, some a few levels deep. */
    static AttributeValue document(int size, Random random) {
        Map<String, AttributeValue> doc = new HashMap<>();
        int sections = 20;
        int perSection = size / sections;
        for (int s = 0; s < sections; s++) {
            Map<String, AttributeValue> section = new HashMap<>();
            int fields = 8;
            for (int f = 0; f < fields; f++) {
                char[] text = new char[Math.max(1, perSection / fields - 16)];
                for (int c = 0; c < text.length; c++) {
                    text[c] = (char) ('a' + random.nextInt(26));
                }
                AttributeValue value = AttributeValue.fromS(new String(text));
                section.put("field" + f, f % 3 == 0 ? AttributeValue.fromM(Map.of("inner", AttributeValue.fromM(Map.of("v", value,
                        "n", AttributeValue.fromN(Integer.toString(random.nextInt())))))) : value);
            }
            doc.put("section" + s, AttributeValue.fromM(section));
        }
        return AttributeValue.fromM(doc);
    }

    private List<String> ferryLauncher() {
        if (ferry != null) {
            return List.of(ferry.split(" "));
        }
        Path jar = jar();
        Path launcher = jar.getParent() == null ? null : jar.toAbsolutePath().getParent().getParent().getParent().resolve("ferry");
        if (launcher != null && Files.isExecutable(launcher)) {
            return List.of(launcher.toString());
        }
        return List.of("java", "-jar", jar.toString());
    }

    /** The jar (or classes folder) this command runs from. */
    private static Path jar() {
        try {
            return Path.of(BenchCopyCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new CliException("cannot find the ferry jar this command runs from: " + e.getMessage());
        }
    }

    /** The python copier's path when python3 with boto3 is there (and wanted), else null. */
    private String pythonCopier(Path work) throws IOException, InterruptedException {
        if (copier.equals("java")) {
            return null;
        }
        boolean available;
        try {
            Process check = new ProcessBuilder("python3", "-c", "import boto3").redirectErrorStream(true).start();
            available = check.waitFor(30, TimeUnit.SECONDS) && check.exitValue() == 0;
        } catch (IOException e) {
            available = false;
        }
        if (!available) {
            if (copier.equals("python")) {
                throw new CliException("--copier python needs python3 with boto3 (pip install boto3, or apt-get install python3-boto3)");
            }
            return null;
        }
        Path script = work.resolve("sequential_copy.py");
        try (InputStream in = BenchCopyCommand.class.getResourceAsStream("/bench/sequential_copy.py")) {
            Files.write(script, in.readAllBytes());
        }
        return script.toString();
    }

    private static DynamoDbClient client(String url, String region) {
        return DynamoDbClient.builder().endpointOverride(java.net.URI.create(url)).region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("ferrybench", "ferrybench"))).build();
    }

    private static void waitForServer(DynamoDbClient client) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            try {
                client.listTables();
                return;
            } catch (RuntimeException notYet) {
                Sleeper.REAL.sleep(java.time.Duration.ofMillis(100)); // a server process starting: nothing to poll but the port
            }
        }
        throw new CliException("DynamoDB Local did not answer within 20 s");
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
