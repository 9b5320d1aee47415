package dev.ferry.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The contract of {@link FakeSecretsManagerClient} and {@link FakeKmsClient}: the same assertions run against each
 * fake and against moto's server (started on a free loopback port; skipped with a message where it is not
 * installed), so the fakes behave as the real services do in everything Ferry relies on.
 */
class SecretsAndKeysContractTest {

    static Stream<Arguments> services() {
        return Stream.of(Arguments.of("fake", new FakeSecretsManagerClient(), new FakeKmsClient()), Arguments.of("moto", null, null));
    }

    private static SecretsManagerClient secretsManager(String kind, SecretsManagerClient fake) {
        if (fake != null) {
            return fake;
        }
        URI endpoint = moto();
        return SecretsManagerClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("contract", "contract"))).build();
    }

    private static KmsClient kms(String kind, KmsClient fake) {
        if (fake != null) {
            return fake;
        }
        URI endpoint = moto();
        return KmsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("contract", "contract"))).build();
    }

    private static URI moto() {
        var server = MotoServer.find();
        assumeTrue(server.isPresent(), MotoServer.ABSENT);
        return server.get().endpoint();
    }

    private static String token() {
        return UUID.randomUUID().toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void clientRequestToken_whenRepeated_isIdempotentAndRefusesAnotherValue(String kind, SecretsManagerClient fake, KmsClient unused) {
        SecretsManagerClient sm = secretsManager(kind, fake);
        String name = "contract/" + UUID.randomUUID();
        String first = token();
        String created = sm.createSecret(b -> b.name(name).secretString("v1").clientRequestToken(first)).versionId();

        // the same token and value: the same version, no new one
        assertThat(sm.createSecret(b -> b.name(name).secretString("v1").clientRequestToken(first)).versionId()).isEqualTo(created);
        assertThatThrownBy(() -> sm.createSecret(b -> b.name(name).secretString("v1").clientRequestToken(token())))
                .isInstanceOf(ResourceExistsException.class);
        String second = token();
        String put = sm.putSecretValue(b -> b.secretId(name).secretString("v2").clientRequestToken(second)).versionId();
        assertThat(sm.putSecretValue(b -> b.secretId(name).secretString("v2").clientRequestToken(second)).versionId()).isEqualTo(put);
        assertThatThrownBy(() -> sm.putSecretValue(b -> b.secretId(name).secretString("other").clientRequestToken(second)))
                .isInstanceOf(ResourceExistsException.class);
        assertThat(sm.listSecretVersionIds(b -> b.secretId(name)).versions()).hasSize(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void stagingLabels_whenAVersionIsAddedAndMovedBack_followAwsCurrentAndAwsPrevious(String kind, SecretsManagerClient fake, KmsClient unused) {
        SecretsManagerClient sm = secretsManager(kind, fake);
        String name = "contract/" + UUID.randomUUID();
        String v1 = sm.createSecret(b -> b.name(name).secretString("one").clientRequestToken(token())).versionId();
        String v2 = sm.putSecretValue(b -> b.secretId(name).secretString("two").clientRequestToken(token())).versionId();

        Map<String, List<String>> stages = sm.describeSecret(b -> b.secretId(name)).versionIdsToStages();
        assertThat(stages.get(v2)).contains("AWSCURRENT");
        assertThat(stages.get(v1)).contains("AWSPREVIOUS");
        assertThat(sm.getSecretValue(b -> b.secretId(name)).secretString()).isEqualTo("two");

        sm.updateSecretVersionStage(b -> b.secretId(name).versionStage("AWSCURRENT").moveToVersionId(v1).removeFromVersionId(v2));

        // by label: moto's default GetSecretValue keeps the last put version after a label move, AWS (and the fake) follow AWSCURRENT
        assertThat(sm.getSecretValue(b -> b.secretId(name).versionStage("AWSCURRENT")).secretString()).isEqualTo("one");
        assertThat(sm.describeSecret(b -> b.secretId(name)).versionIdsToStages().get(v2)).contains("AWSPREVIOUS");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void deleteSecret_whenScheduled_hidesTheNameUntilRestored(String kind, SecretsManagerClient fake, KmsClient unused) {
        SecretsManagerClient sm = secretsManager(kind, fake);
        String prefix = "contract-" + UUID.randomUUID() + "/";
        String name = prefix + "a";
        sm.createSecret(b -> b.name(name).secretString("x").tags(t -> t.key("ferry:run-id").value("r1")));

        sm.deleteSecret(b -> b.secretId(name).recoveryWindowInDays(7L));

        DescribeSecretResponse d = sm.describeSecret(b -> b.secretId(name));
        assertThat(d.deletedDate()).isNotNull();
        assertThat(d.tags()).anySatisfy(t -> assertThat(t.key()).isEqualTo("ferry:run-id"));
        assertThatThrownBy(() -> sm.getSecretValue(b -> b.secretId(name))).isInstanceOf(InvalidRequestException.class);
        assertThat(sm.listSecrets(b -> b.filters(f -> f.key(FilterNameStringType.NAME).values(prefix))).secretList()).isEmpty();
        assertThat(sm.listSecrets(b -> b.includePlannedDeletion(true).filters(f -> f.key(FilterNameStringType.NAME).values(prefix)))
                .secretList()).extracting(s -> s.name()).containsExactly(name);
        assertThatThrownBy(() -> sm.deleteSecret(b -> b.secretId(name).recoveryWindowInDays(7L))).isInstanceOf(InvalidRequestException.class);

        sm.restoreSecret(b -> b.secretId(name));

        assertThat(sm.getSecretValue(b -> b.secretId(name)).secretString()).isEqualTo("x");
        sm.deleteSecret(b -> b.secretId(name).forceDeleteWithoutRecovery(true));
        assertThatThrownBy(() -> sm.describeSecret(b -> b.secretId(name))).isInstanceOf(ResourceNotFoundException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void kms_whenEncryptingAndDecrypting_roundTripsByKeyAndRefusesForeignCiphertext(String kind, SecretsManagerClient unused, KmsClient fake) {
        KmsClient kms = kms(kind, fake);
        String keyId = kms.createKey(b -> b.description("contract")).keyMetadata().keyId();
        SdkBytes blob = kms.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("data key"))
                .encryptionContext(Map.of("app", "ferry"))).ciphertextBlob();

        var plain = kms.decrypt(b -> b.ciphertextBlob(blob).encryptionContext(Map.of("app", "ferry")));

        assertThat(plain.plaintext().asString(StandardCharsets.UTF_8)).isEqualTo("data key");
        assertThat(plain.keyId()).endsWith(keyId);
        assertThatThrownBy(() -> kms.decrypt(b -> b.ciphertextBlob(blob).encryptionContext(Map.of("app", "other"))))
                .isInstanceOf(InvalidCiphertextException.class);
        assertThatThrownBy(() -> kms.decrypt(b -> b.ciphertextBlob(SdkBytes.fromUtf8String("not a ciphertext blob at all, really"))))
                .isInstanceOf(InvalidCiphertextException.class);
        assertThatThrownBy(() -> kms.encrypt(b -> b.keyId(UUID.randomUUID().toString()).plaintext(SdkBytes.fromUtf8String("x"))))
                .isInstanceOf(NotFoundException.class);
    }

    @org.junit.jupiter.api.Test
    void createSecret_whenTheNameIsScheduledForDeletion_failsAsAwsDocumentsIt() {
        // moto answers ResourceExistsException here; AWS documents InvalidRequestException, which the fake follows
        FakeSecretsManagerClient sm = new FakeSecretsManagerClient();
        sm.createSecret(b -> b.name("pending").secretString("x"));
        sm.deleteSecret(b -> b.secretId("pending"));

        assertThatThrownBy(() -> sm.createSecret(b -> b.name("pending").secretString("y"))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("scheduled for deletion");
        assertThatThrownBy(() -> sm.putSecretValue(b -> b.secretId("pending").secretString("y"))).isInstanceOf(InvalidRequestException.class);
    }
}
