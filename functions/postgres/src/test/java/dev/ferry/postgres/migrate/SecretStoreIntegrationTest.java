package dev.ferry.postgres.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.Side;
import dev.ferry.core.ledger.RunLedger;
import dev.ferry.postgres.secrets.SecretStore;
import dev.ferry.postgres.secrets.SecretStore.Entry;
import dev.ferry.postgres.secrets.SecretStore.Outcome;
import dev.ferry.testkit.FakeSecretsManagerClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * A secret is created, or gets a version only when its value changed; its ClientRequestToken comes from the run id
 * and the row, so a write whose response was lost and that is retried never adds a second version.
 */
class SecretStoreIntegrationTest {
    @TempDir
    static Path reports;

    /** Secrets Manager whose first response to each write is lost: the write happened, the caller sees a 500. */
    private static final class LosingFirstResponses implements SecretsManagerClient {
        private final FakeSecretsManagerClient real;
        private final java.util.Set<String> lostOnce = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final AtomicInteger lost = new AtomicInteger();

        LosingFirstResponses(FakeSecretsManagerClient real) {
            this.real = real;
        }

        private void loseFirst(String what) {
            if (lostOnce.add(what)) {
                lost.incrementAndGet();
                throw (SecretsManagerException) SecretsManagerException.builder().statusCode(500).message("response lost").build();
            }
        }

        @Override
        public CreateSecretResponse createSecret(CreateSecretRequest request) {
            CreateSecretResponse r = real.createSecret(request);
            loseFirst("create " + request.name());
            return r;
        }

        @Override
        public PutSecretValueResponse putSecretValue(PutSecretValueRequest request) {
            PutSecretValueResponse r = real.putSecretValue(request);
            loseFirst("put " + request.secretId() + " " + request.clientRequestToken());
            return r;
        }

        @Override
        public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
            return real.getSecretValue(request);
        }

        @Override
        public DescribeSecretResponse describeSecret(DescribeSecretRequest request) {
            return real.describeSecret(request);
        }

        @Override
        public String serviceName() {
            return real.serviceName();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void putAll_whenResponsesAreLostAndTheCallsRetried_createsOrAddsAVersionOnlyOnceAndOnlyOnChange() throws Exception {
        PgTestKit kit = new PgTestKit("secret_store", "store", 50, reports);
        RunLedger ledger = kit.deps().ledger();
        ledger.startOrResume("store-run", PgValidator.WORKFLOW, "hash");
        LosingFirstResponses sm = new LosingFirstResponses(kit.secrets);
        SecretStore store = new SecretStore(sm, new AwsCalls(millis -> { }), ledger, "store-run", Side.of(PgTestKit.REGION), null, Map.of());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        long before = kit.secrets.versionsCreated();

        List<Outcome> created = store.putAll(List.of(new Entry("store/a", "{\"v\": 1}"), new Entry("store/b", "{\"v\": 1}")), pool);
        List<Outcome> updated = store.putAll(List.of(new Entry("store/a", "{\"v\": 2}"), new Entry("store/b", "{\"v\": 1}")), pool);
        List<Outcome> again = store.putAll(List.of(new Entry("store/a", "{\"v\": 2}")), pool);
        pool.shutdown();

        assertThat(created).containsExactly(Outcome.CREATED, Outcome.CREATED);
        assertThat(updated).containsExactly(Outcome.UPDATED, Outcome.UNCHANGED);
        assertThat(again).containsExactly(Outcome.UNCHANGED);
        assertThat(sm.lost.get()).as("each write's first response was lost, and retried").isEqualTo(3);
        assertThat(kit.secrets.versionsCreated() - before).isEqualTo(3);
        assertThat(kit.secrets.listSecretVersionIds(b -> b.secretId("store/a")).versions()).hasSize(2);
        assertThat(kit.secrets.getSecretValue(b -> b.secretId("store/a")).secretString()).isEqualTo("{\"v\": 2}");
    }
}
