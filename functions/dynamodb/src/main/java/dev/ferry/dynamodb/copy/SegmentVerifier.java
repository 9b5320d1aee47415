package dev.ferry.dynamodb.copy;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.ClientFactory;
import dev.ferry.core.codec.ItemCodec;
import dev.ferry.core.codec.ItemDigest;
import dev.ferry.core.dynamodb.RateLimiter;
import dev.ferry.core.dynamodb.Scanner;
import dev.ferry.core.ledger.Checkpoint;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.core.runtime.Dependencies;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Step 4a of dynamodb-table-copy: scans one segment of a destination table, counting its items
 * and, in checksum mode, digesting each one's canonical encoding. Checkpointed like the copy, so
 * tables of any size verify within Lambda's time limit.
 */
public final class SegmentVerifier {
    private final ClientFactory clients;
    private final AwsCalls calls;
    private final RunLedger ledger;
    private final long safetyMarginMillis;

    public SegmentVerifier(Dependencies deps, RunLedger ledger) {
        this.clients = deps.clients();
        this.calls = deps.calls();
        this.ledger = ledger;
        this.safetyMarginMillis = deps.safetyMarginMillis();
    }

    public VerifyProgress verify(SegmentRequest request, Context context) {
        Unit unit = request.unit();
        Checkpoint cp = ledger.checkpoint(request.runId(), unit.verifyKey()).orElse(Checkpoint.start());
        if (cp.done()) {
            return new VerifyProgress(true, cp.items());
        }
        boolean checksum = request.options().checksum();
        ItemDigest digest = !checksum ? null : cp.resumeDigest();
        Integer cap = request.options().maxReadUnitsPerSecond();
        RateLimiter rate = new RateLimiter(cap == null ? 0 : (double) cap / Math.max(1, unit.concurrency()), calls.sleeper(), System::nanoTime);
        Scanner scanner = new Scanner(clients.dynamo(request.destination()), unit.destinationTable(), unit.segment(),
                unit.totalSegments(), !checksum, rate, calls, unit.destinationTable() + " segment " + (unit.segment() + 1)
                + "/" + unit.totalSegments() + " (verify)").consistent();
        long items = cp.items();
        long bytes = cp.bytes();
        long pages = cp.pages();
        Map<String, AttributeValue> key = cp.lastKey();
        do {
            ScanResponse page = scanner.page(key);
            if (checksum) {
                for (Map<String, AttributeValue> item : page.items()) {
                    digest.add(item);
                    bytes += ItemCodec.itemSizeBytes(item);
                }
            }
            items += page.count();
            pages++;
            key = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : Map.of();
            ledger.saveCheckpoint(request.runId(), unit.verifyKey(), new Checkpoint(key, items, bytes, pages,
                    digest == null ? null : digest.toHex(), key.isEmpty(), cp.invocations() + 1));
        } while (!key.isEmpty() && context.getRemainingTimeInMillis() > safetyMarginMillis);
        return new VerifyProgress(key.isEmpty(), items);
    }
}
