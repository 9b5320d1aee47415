package dev.ferry.core.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.core.errors.AwsConfigurationException;
import dev.ferry.core.errors.RetryBudgetExhaustedException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

class AwsCallsTest {
    private final List<Long> pauses = new ArrayList<>();
    private final AwsCalls calls = new AwsCalls(pauses::add, 4);

    private static DynamoDbException throttled() {
        return (DynamoDbException) DynamoDbException.builder().statusCode(400)
                .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                        .errorCode("ThrottlingException").serviceName("DynamoDb").build()).build();
    }

    @Test
    void call_whenThrottledThenAnswered_retriesWithBackoffAndReturnsTheAnswer() {
        AtomicInteger attempts = new AtomicInteger();

        String answer = calls.call("DescribeTable t", () -> {
            if (attempts.incrementAndGet() < 3) {
                throw throttled();
            }
            return "ACTIVE";
        });

        assertThat(answer).isEqualTo("ACTIVE");
        assertThat(attempts).hasValue(3);
        assertThat(pauses).hasSize(2);
    }

    @Test
    void call_whenEveryAttemptIsThrottled_failsNamingTheCallAndTheAttempts() {
        assertThatThrownBy(() -> calls.call("DescribeTable t", () -> {
            throw throttled();
        })).isInstanceOf(RetryBudgetExhaustedException.class).hasMessageContaining("DescribeTable t failed 4 times in a row")
                .hasMessageContaining("ThrottlingException");
    }

    @Test
    void call_whenTheAnswerIsAnError_throwsItAtOnceUnchanged() {
        ResourceNotFoundException missing = ResourceNotFoundException.builder().message("no table").statusCode(400).build();

        assertThatThrownBy(() -> calls.call("DescribeTable t", () -> {
            throw missing;
        })).isSameAs(missing);
        assertThat(pauses).isEmpty();
    }

    @Test
    void call_whenTheSdkFindsNoCredentials_saysSoWithHowToConfigureThemAndDoesNotRetry() {
        // a real client whose only credentials source is a profile that does not exist: the SDK's own failure
        try (DynamoDbClient ddb = DynamoDbClient.builder().region(Region.US_EAST_1).endpointOverride(URI.create("http://localhost:1"))
                .credentialsProvider(AwsCredentialsProviderChain.of(ProfileCredentialsProvider.create("ferry-no-such-profile")))
                .build()) {
            assertThatThrownBy(() -> calls.call("ListTables", () -> ddb.listTables()))
                    .isInstanceOf(AwsConfigurationException.class)
                    .hasMessageStartingWith("ListTables: no AWS credentials were found")
                    .hasMessageContaining("AWS_PROFILE").hasMessageContaining("AWS_ACCESS_KEY_ID")
                    .hasCauseInstanceOf(SdkClientException.class);
        }
        assertThat(pauses).isEmpty();
    }

    @Test
    void call_whenTheSdkFindsNoRegion_saysHowToSetOne() {
        assertThatThrownBy(() -> calls.call("DescribeTable t", () -> {
            throw SdkClientException.create("Unable to load region from any of the providers in the chain");
        })).isInstanceOf(AwsConfigurationException.class).hasMessageContaining("no AWS region is configured")
                .hasMessageContaining("AWS_REGION");
    }

    @Test
    void call_whenAnAnswerMeansNotYet_triesItAgainWithinTheSameBudget() {
        AtomicInteger attempts = new AtomicInteger();
        ResourceNotFoundException notYet = ResourceNotFoundException.builder().message("not yet").statusCode(400).build();

        String answer = calls.call("DescribeThing x", null, ResourceNotFoundException.class::isInstance, () -> {
            if (attempts.incrementAndGet() < 3) {
                throw notYet;
            }
            return "there";
        });

        assertThat(answer).isEqualTo("there");
        assertThat(pauses).hasSize(2);
        assertThatThrownBy(() -> calls.call("DescribeThing x", "Look at it in the console.", ResourceNotFoundException.class::isInstance,
                () -> {
                    throw notYet;
                })).isInstanceOf(RetryBudgetExhaustedException.class).hasMessageContaining("failed 4 times in a row")
                .hasMessageEndingWith("Look at it in the console.");
    }
}
