package dev.ferry.testkit.quicksight;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.DeleteRolePolicyRequest;
import software.amazon.awssdk.services.iam.model.DeleteRolePolicyResponse;
import software.amazon.awssdk.services.iam.model.GetRolePolicyRequest;
import software.amazon.awssdk.services.iam.model.GetRolePolicyResponse;
import software.amazon.awssdk.services.iam.model.GetRoleRequest;
import software.amazon.awssdk.services.iam.model.GetRoleResponse;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.ListAttachedRolePoliciesRequest;
import software.amazon.awssdk.services.iam.model.ListAttachedRolePoliciesResponse;
import software.amazon.awssdk.services.iam.model.ListRolePoliciesRequest;
import software.amazon.awssdk.services.iam.model.ListRolePoliciesResponse;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.PutRolePolicyRequest;
import software.amazon.awssdk.services.iam.model.PutRolePolicyResponse;
import software.amazon.awssdk.services.iam.model.Role;

/**
 * IAM has no local emulator: the role calls a QuickSight migration makes (GetRole, inline role policies,
 * attached managed policies) for one account, as documented: a missing role or policy is 404
 * {@code NoSuchEntity}; PutRolePolicy replaces a policy of the same name. Policy documents are kept as given
 * (URL-encoded on the way out, as IAM returns them). Thread-safe; counts mutating calls.
 */
public final class FakeIamClient implements IamClient {
    private final String accountId;
    private final Map<String, Role> roles = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> inline = new LinkedHashMap<>();
    private final Map<String, Set<String>> attached = new LinkedHashMap<>();
    private final AtomicLong mutations = new AtomicLong();

    public FakeIamClient(String accountId) {
        this.accountId = accountId;
    }

    /** Adds a role (test set-up), e.g. {@code ("aws-quicksight-service-role-v0", "/service-role/")}. */
    public synchronized FakeIamClient role(String name, String path) {
        roles.put(name, Role.builder().roleName(name).path(path).arn("arn:aws:iam::" + accountId + ":role" + path + name)
                .roleId("AROA" + Math.abs(name.hashCode())).build());
        inline.put(name, new LinkedHashMap<>());
        attached.put(name, new LinkedHashSet<>());
        return this;
    }

    /** Removes a role (test set-up). */
    public synchronized FakeIamClient removeRole(String name) {
        roles.remove(name);
        inline.remove(name);
        attached.remove(name);
        return this;
    }

    /** Attaches a managed policy to a role (test set-up). */
    public synchronized FakeIamClient attach(String roleName, String policyArn) {
        attached.get(roleName).add(policyArn);
        return this;
    }

    /** The inline policy documents of a role, by name. */
    public synchronized Map<String, String> inlinePolicies(String roleName) {
        return Map.copyOf(inline.getOrDefault(roleName, Map.of()));
    }

    public long mutations() {
        return mutations.get();
    }

    private Role require(String name) {
        Role role = roles.get(name);
        if (role == null) {
            throw noSuchEntity("The role with name " + name + " cannot be found.");
        }
        return role;
    }

    private static IamException noSuchEntity(String message) {
        return (IamException) NoSuchEntityException.builder().statusCode(404).message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("NoSuchEntity").serviceName("Iam").errorMessage(message).build())
                .build();
    }

    @Override
    public synchronized GetRoleResponse getRole(GetRoleRequest r) {
        return GetRoleResponse.builder().role(require(r.roleName())).build();
    }

    @Override
    public synchronized PutRolePolicyResponse putRolePolicy(PutRolePolicyRequest r) {
        require(r.roleName());
        mutations.incrementAndGet();
        inline.get(r.roleName()).put(r.policyName(), r.policyDocument());
        return PutRolePolicyResponse.builder().build();
    }

    @Override
    public synchronized GetRolePolicyResponse getRolePolicy(GetRolePolicyRequest r) {
        require(r.roleName());
        String doc = inline.get(r.roleName()).get(r.policyName());
        if (doc == null) {
            throw noSuchEntity("The role policy with name " + r.policyName() + " cannot be found.");
        }
        return GetRolePolicyResponse.builder().roleName(r.roleName()).policyName(r.policyName())
                .policyDocument(java.net.URLEncoder.encode(doc, java.nio.charset.StandardCharsets.UTF_8)).build();
    }

    @Override
    public synchronized DeleteRolePolicyResponse deleteRolePolicy(DeleteRolePolicyRequest r) {
        require(r.roleName());
        if (inline.get(r.roleName()).remove(r.policyName()) == null) {
            throw noSuchEntity("The role policy with name " + r.policyName() + " cannot be found.");
        }
        mutations.incrementAndGet();
        return DeleteRolePolicyResponse.builder().build();
    }

    @Override
    public synchronized ListRolePoliciesResponse listRolePolicies(ListRolePoliciesRequest r) {
        require(r.roleName());
        return ListRolePoliciesResponse.builder().policyNames(List.copyOf(inline.get(r.roleName()).keySet())).isTruncated(false).build();
    }

    @Override
    public synchronized ListAttachedRolePoliciesResponse listAttachedRolePolicies(ListAttachedRolePoliciesRequest r) {
        require(r.roleName());
        return ListAttachedRolePoliciesResponse.builder().isTruncated(false).attachedPolicies(attached.get(r.roleName()).stream()
                .map(arn -> AttachedPolicy.builder().policyArn(arn).policyName(arn.substring(arn.lastIndexOf('/') + 1)).build())
                .toList()).build();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
    }
}
