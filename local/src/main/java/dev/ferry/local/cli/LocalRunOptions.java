package dev.ferry.local.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of a local run ({@code ferry run}, {@code ferry asl run}). */
final class LocalRunOptions {
    @Option(names = "--input", required = true, paramLabel = "<file>", description = "The execution input: a JSON file.")
    Path input;

    @Option(names = "--name", paramLabel = "<execution name>",
            description = "The execution name (and the run id, unless the input sets runId). Default: ferry-<yyyyMMdd-HHmmss>-<4 hex>.")
    String name;

    @Option(names = "--reports", paramLabel = "s3://bucket/prefix|dir",
            description = "Where the handlers write reports, under <location>/<run id>/. Default: " + RunSettings.DEFAULT_REPORTS + ".")
    String reports;

    @Option(names = "--ledger-table", paramLabel = "<name>",
            description = "The run ledger's DynamoDB table (created if missing). Default: the handlers' default, ferry-ledger.")
    String ledgerTable;

    @Option(names = "--set", paramLabel = "<path=value>",
            description = {"Sets one value of the input on top of the file (repeatable), e.g. --set variables.assetBucketName=prod-assets,",
                    "--set options.dryRun=true, --set tables[0].target=orders-v2. The value is read as JSON where it is JSON",
                    "(5, true, null, [\"a\"], \"007\"), as text otherwise."})
    java.util.List<String> sets = new java.util.ArrayList<>();

    @Option(names = "--verbose", description = "On failure, also print the failed handler's stack trace.")
    boolean verbose;
}
