package dev.ferry.core.aws;

import dev.ferry.core.dynamodb.ScanPages;
import dev.ferry.core.dynamodb.WriteBodies;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;

/**
 * The one place Ferry builds AWS clients.
 *
 * <p>Clients honour the SDK's standard configuration: credentials and region chains, profiles,
 * {@code AWS_ENDPOINT_URL} and {@code AWS_ENDPOINT_URL_<SERVICE>} (and their system properties
 * {@code aws.endpointUrl}, {@code aws.endpointUrlDynamoDb}, ...), so the same code path serves
 * real AWS, DynamoDB Local and any emulator. Nothing here overrides an endpoint.
 *
 * <p>Clients are built once per side and reused (Lambda keeps the factory across invocations);
 * a side with a role gets credentials from STS AssumeRole, refreshed before they expire.
 * Thread-safe.
 *
 * <p>The service clients' own retries are off: every call goes through {@link AwsCalls}, Ferry's one
 * retry policy (backoff with full jitter, a budget that ends in a retryable step failure). Only STS,
 * called by the credential providers behind any call, keeps the SDK's standard retries.
 *
 * <p>Each functions module builds the clients it needs with {@link #client(Side, Class, Supplier)}
 * (same HTTP client, region, credentials and interceptors); tests plug fakes of services that have no
 * local emulator in with {@link Builder#client(Class, Function)}.
 */
public final class ClientFactory implements AutoCloseable {
    private final SdkHttpClient http;
    private final List<ExecutionInterceptor> interceptors;
    private final Function<Side, StsClient> stsFactory;
    private final String sessionName;
    private final Map<Side, DynamoDbClient> dynamo = new ConcurrentHashMap<>();
    private final Map<Side, S3Client> s3 = new ConcurrentHashMap<>();
    private final Map<Side, AwsCredentialsProvider> credentials = new ConcurrentHashMap<>();
    private final Map<Class<?>, Function<Side, ?>> fakes;
    private final Map<Class<?>, Map<Side, SdkClient>> others = new ConcurrentHashMap<>();

    /**
     * Idle connections the JDK keeps alive per endpoint for the URL-connection HTTP client ({@code http.maxConnections},
     * default 5). A run has up to 100 requests in flight to one endpoint (10 segments side by side in the local engine,
     * each with 8 batch writers and two readers; 10 in one Lambda), so with the default most of them opened a new
     * connection, which on AWS is a TLS handshake: a 20,000-item local copy opened about 185 connections, and about 85
     * with this. (Against DynamoDB Local over plain HTTP the run's time did not move measurably.) A value set by the
     * user (-Dhttp.maxConnections) is kept.
     */
    static final String KEEP_ALIVE_CONNECTIONS = "100";

    private ClientFactory(Builder b) {
        if (b.http == null && System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", KEEP_ALIVE_CONNECTIONS);   // read once, by the JDK's first HTTP connection
        }
        this.http = b.http != null ? b.http : UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(60))
                .build();
        this.interceptors = List.copyOf(b.interceptors);
        this.sessionName = b.sessionName;
        this.stsFactory = b.stsFactory != null ? b.stsFactory : this::defaultSts;
        this.fakes = Map.copyOf(b.fakes);
    }

    /** A factory with the SDK's defaults, as used by every deployed handler. */
    public static ClientFactory defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** DynamoDB client for a side (cached). */
    public DynamoDbClient dynamo(Side side) {
        Side key = normalise(side);
        return dynamo.computeIfAbsent(key, s -> DynamoDbClient.builder()
                .httpClient(http)
                .region(region(s))
                .credentialsProvider(credentials(s))
                .overrideConfiguration(dynamoOverride())
                .build());
    }

    /** S3 client for a side (cached). */
    public S3Client s3(Side side) {
        Side key = normalise(side);
        return s3.computeIfAbsent(key, s -> S3Client.builder()
                .httpClient(http)
                .region(region(s))
                .credentialsProvider(credentials(s))
                .overrideConfiguration(override())
                .build());
    }

    /**
     * A client of any service for a side (cached per type and side), built like the DynamoDB and S3
     * clients: {@code clients.client(side, SecretsManagerClient.class, SecretsManagerClient::builder)}.
     * A fake registered for the type with {@link Builder#client} is returned instead.
     */
    @SuppressWarnings("unchecked")
    public <C extends SdkClient, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> C client(
            Side side, Class<C> type, Supplier<B> builder) {
        Side key = normalise(side);
        return (C) others.computeIfAbsent(type, t -> new ConcurrentHashMap<>()).computeIfAbsent(key, s -> {
            Function<Side, ?> fake = fakes.get(type);
            if (fake != null) {
                return (SdkClient) fake.apply(s);
            }
            return builder.get()
                    .httpClient(http)
                    .region(region(s))
                    .credentialsProvider(credentials(s))
                    .overrideConfiguration(override())
                    .build();
        });
    }

    /** The control side: the account and region the handler itself runs in. */
    public Side control() {
        return Side.of(null);
    }

    /**
     * The credentials a side uses: its profile or the default chain, then, when it names a role,
     * that role assumed through STS with the side's external id.
     */
    public AwsCredentialsProvider credentials(Side side) {
        Side key = normalise(side);
        return credentials.computeIfAbsent(key, s -> {
            if (s.roleArn() == null) {
                return base(s);
            }
            AssumeRoleRequest.Builder request = AssumeRoleRequest.builder()
                    .roleArn(s.roleArn())
                    .roleSessionName(sessionName)
                    .durationSeconds(3600);
            if (s.externalId() != null) {
                request.externalId(s.externalId());
            }
            return StsAssumeRoleCredentialsProvider.builder()
                    .stsClient(stsFactory.apply(s))
                    .refreshRequest(request.build())
                    .asyncCredentialUpdateEnabled(false)
                    .build();
        });
    }

    /** Region of a side: its own, or the SDK's default region chain. */
    public static Region region(Side side) {
        if (side != null && side.region() != null) {
            return Region.of(side.region());
        }
        return new DefaultAwsRegionProviderChain().getRegion();
    }

    private static AwsCredentialsProvider base(Side s) {
        return s.profile() != null
                ? ProfileCredentialsProvider.builder().profileName(s.profile()).build()
                : DefaultCredentialsProvider.builder().build();
    }

    private StsClient defaultSts(Side s) {
        // the credential providers call STS behind any other call, outside AwsCalls: keep the SDK's retries here
        return StsClient.builder()
                .httpClient(http)
                .region(region(s))
                .credentialsProvider(base(s))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(RetryMode.STANDARD)
                        .apiCallAttemptTimeout(Duration.ofSeconds(60))
                        .build())
                .build();
    }

    /**
     * DynamoDB's: {@link WriteBodies} before the added interceptors (they see a BatchWriteItem's body as it is sent),
     * {@link ScanPages} after them (it reads a Scan answer as the caller would have got it).
     */
    private ClientOverrideConfiguration dynamoOverride() {
        List<ExecutionInterceptor> chain = new java.util.ArrayList<>();
        chain.add(WriteBodies.INSTANCE);
        chain.addAll(interceptors);
        chain.add(ScanPages.INSTANCE);
        return override().toBuilder().executionInterceptors(chain).build();
    }

    private ClientOverrideConfiguration override() {
        ClientOverrideConfiguration.Builder b = ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.doNotRetry())
                .apiCallAttemptTimeout(Duration.ofSeconds(60));
        interceptors.forEach(b::addExecutionInterceptor);
        return b.build();
    }

    private static Side normalise(Side side) {
        return side == null ? Side.of(null) : side;
    }

    @Override
    public void close() {
        dynamo.values().forEach(DynamoDbClient::close);
        s3.values().forEach(S3Client::close);
        others.values().forEach(m -> m.values().forEach(SdkClient::close));
        dynamo.clear();
        s3.clear();
        others.clear();
        credentials.clear();
    }

    /** Builder; tests use it to add fault-injecting interceptors and a fake STS. */
    public static final class Builder {
        private SdkHttpClient http;
        private final java.util.ArrayList<ExecutionInterceptor> interceptors = new java.util.ArrayList<>();
        private Function<Side, StsClient> stsFactory;
        private String sessionName = "ferry-" + UUID.randomUUID().toString().substring(0, 8);
        private final Map<Class<?>, Function<Side, ?>> fakes = new java.util.HashMap<>();

        /**
         * Serves clients of {@code type} from {@code factory} instead of building real ones: for
         * services with no local emulator (Secrets Manager, KMS, IAM, QuickSight), whose fakes implement
         * the SDK client interface.
         */
        public <C extends SdkClient> Builder client(Class<C> type, Function<Side, ? extends C> factory) {
            fakes.put(Objects.requireNonNull(type), Objects.requireNonNull(factory));
            return this;
        }

        public Builder httpClient(SdkHttpClient http) {
            this.http = Objects.requireNonNull(http);
            return this;
        }

        public Builder addInterceptor(ExecutionInterceptor interceptor) {
            interceptors.add(Objects.requireNonNull(interceptor));
            return this;
        }

        /** How to get an STS client for assuming a side's role (a fake in tests). */
        public Builder stsFactory(Function<Side, StsClient> stsFactory) {
            this.stsFactory = Objects.requireNonNull(stsFactory);
            return this;
        }

        public Builder sessionName(String sessionName) {
            this.sessionName = Objects.requireNonNull(sessionName);
            return this;
        }

        public ClientFactory build() {
            return new ClientFactory(this);
        }
    }
}
