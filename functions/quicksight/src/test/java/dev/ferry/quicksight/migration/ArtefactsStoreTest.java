package dev.ferry.quicksight.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.ClientFactory;
import dev.ferry.core.errors.Problem;
import dev.ferry.testkit.MotoServer;
import dev.ferry.testkit.quicksight.FakeSsmClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;

class ArtefactsStoreTest {
    @TempDir
    Path dir;

    @Test
    void parse_whenLocationIsNeitherFileS3NorSsm_namesThePathAndTheForms() {
        List<Problem> problems = new ArrayList<>();

        assertThat(ArtefactsStore.parse("gs://bucket/a.json", "$.artefacts", problems)).isNull();
        assertThat(ArtefactsStore.parse("s3://Bad_Bucket", "$.artefacts", problems)).isNull();

        assertThat(problems).extracting(Problem::path).containsOnly("$.artefacts");
        assertThat(problems.get(0).message()).contains("gs://");
        assertThat(problems.get(0).fix()).contains("s3://bucket/key.json", "ssm://parameter/name");
    }

    @Test
    void writeReadDelete_whenSsm_usesTheParameterOfTheLocation() {
        FakeSsmClient ssm = new FakeSsmClient();
        ClientFactory clients = ClientFactory.builder().client(SsmClient.class, side -> ssm).build();
        ArtefactsStore store = new ArtefactsStore(clients, new AwsCalls(millis -> { }));
        ArtefactsStore.Location l = ArtefactsStore.parse("ssm://ferry/quicksight/artefacts");

        store.write(l, "{\"ferry_run_id\": \"r1\"}");

        assertThat(ssm.value("/ferry/quicksight/artefacts")).contains("r1");
        assertThat(store.read(l)).hasValueSatisfying(t -> assertThat(t).contains("r1"));
        assertThat(l.describe()).isEqualTo("ssm://ferry/quicksight/artefacts");
        store.delete(l);
        assertThat(store.read(l)).isEmpty();
    }

    /**
     * Against moto's S3 (S3Mock's Spring Boot bridges log4j to slf4j, which breaks the handlers' Powertools logging on
     * this module's test classpath); skipped with a clear message where moto_server is absent.
     */
    @Test
    void writeReadDelete_whenS3_usesTheObjectOfTheLocation() {
        // GIVEN a bucket
        Optional<MotoServer> moto = MotoServer.find();
        assumeTrue(moto.isPresent(), MotoServer.ABSENT);
        String bucket = "ferry-artefacts-" + Long.toHexString(System.nanoTime());
        try (S3Client s3 = S3Client.builder().endpointOverride(moto.get().endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build()) {
            s3.createBucket(b -> b.bucket(bucket));
            ArtefactsStore store = new ArtefactsStore(ClientFactory.builder().client(S3Client.class, side -> s3).build(),
                    new AwsCalls(millis -> { }));
            ArtefactsStore.Location l = ArtefactsStore.parse("s3://" + bucket + "/quicksight/artefacts.json");

            // WHEN / THEN nothing there yet, then what was written (replacing it whole), then nothing again
            assertThat(store.read(l)).isEmpty();
            store.write(l, "{\"ferry_run_id\": \"r0\"}");
            store.write(l, "{\"ferry_run_id\": \"r1\"}");
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("quicksight/artefacts.json")).asUtf8String())
                    .isEqualTo("{\"ferry_run_id\": \"r1\"}");
            assertThat(store.read(l)).hasValue("{\"ferry_run_id\": \"r1\"}");
            assertThat(l.describe()).isEqualTo("s3://" + bucket + "/quicksight/artefacts.json");
            store.delete(l);
            assertThat(store.read(l)).isEmpty();
        }
    }

    @Test
    void writeRead_whenLocalFile_replacesTheFileWhole() {
        ArtefactsStore store = new ArtefactsStore(ClientFactory.builder().build(), new AwsCalls(millis -> { }));
        ArtefactsStore.Location l = ArtefactsStore.parse(dir.resolve("sub/artefacts.json").toString());

        store.write(l, "{\"a\": 1}");
        store.write(l, "{\"a\": 2}");

        assertThat(store.read(l)).hasValue("{\"a\": 2}");
    }
}
