package dev.ferry.testkit;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.AssumedRoleUser;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityRequest;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * STS has no local emulator: this fake implements {@link StsClient#assumeRole} as documented.
 * A role can be assumed when it was {@link #allow allowed} with its external id; otherwise the
 * call fails with 403 {@code AccessDenied}, as STS does. Returned credentials are the test
 * credentials DynamoDB Local accepts.
 */
public final class FakeStsClient implements StsClient {
    private final Map<String, String> allowed = new ConcurrentHashMap<>();
    private final Set<String> calls = ConcurrentHashMap.newKeySet();
    private final AtomicInteger count = new AtomicInteger();

    /** Allows assuming {@code roleArn}, requiring {@code externalId} (null: none required). */
    public FakeStsClient allow(String roleArn, String externalId) {
        allowed.put(roleArn, externalId == null ? "" : externalId);
        return this;
    }

    private volatile String callerArn = "arn:aws:iam::000000000000:user/test";

    /** What {@link #getCallerIdentity} answers: the caller's ARN (its account is the fifth field). */
    public FakeStsClient callerArn(String arn) {
        this.callerArn = arn;
        return this;
    }

    @Override
    public GetCallerIdentityResponse getCallerIdentity(GetCallerIdentityRequest request) {
        String arn = callerArn;
        return GetCallerIdentityResponse.builder().arn(arn).account(arn.split(":")[4]).userId("AIDATEST").build();
    }

    public int assumeRoleCalls() {
        return count.get();
    }

    @Override
    public AssumeRoleResponse assumeRole(AssumeRoleRequest request) {
        count.incrementAndGet();
        calls.add(request.roleArn());
        String required = allowed.get(request.roleArn());
        String given = request.externalId() == null ? "" : request.externalId();
        if (required == null || !required.equals(given)) {
            throw (StsException) StsException.builder()
                    .statusCode(403)
                    .message("User: arn:aws:iam::000000000000:user/test is not authorized to perform: sts:AssumeRole on resource: " + request.roleArn())
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").serviceName("Sts")
                            .errorMessage("not authorized to perform: sts:AssumeRole on resource: " + request.roleArn()).build())
                    .build();
        }
        return AssumeRoleResponse.builder()
                .credentials(Credentials.builder()
                        .accessKeyId("ferrytest").secretAccessKey("ferrytest").sessionToken("token")
                        .expiration(Instant.now().plusSeconds(3600)).build())
                .assumedRoleUser(AssumedRoleUser.builder().arn(request.roleArn() + "/" + request.roleSessionName())
                        .assumedRoleId("AROATEST:" + request.roleSessionName()).build())
                .build();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
    }
}
