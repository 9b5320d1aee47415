package dev.ferry.testkit.quicksight;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DeleteParameterRequest;
import software.amazon.awssdk.services.ssm.model.DeleteParameterResponse;
import software.amazon.awssdk.services.ssm.model.GetParameterRequest;
import software.amazon.awssdk.services.ssm.model.GetParameterResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterAlreadyExistsException;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.PutParameterRequest;
import software.amazon.awssdk.services.ssm.model.PutParameterResponse;
import software.amazon.awssdk.services.ssm.model.SsmException;

/**
 * SSM Parameter Store's parameter calls, as documented: a missing parameter is 400 {@code ParameterNotFound};
 * PutParameter without {@code Overwrite} on an existing name is {@code ParameterAlreadyExists}; each put
 * raises the version. Thread-safe.
 */
public final class FakeSsmClient implements SsmClient {
    private final Map<String, Parameter> parameters = new ConcurrentHashMap<>();

    /** The parameter's value, or null. */
    public String value(String name) {
        Parameter p = parameters.get(name);
        return p == null ? null : p.value();
    }

    @Override
    public synchronized PutParameterResponse putParameter(PutParameterRequest r) {
        Parameter old = parameters.get(r.name());
        if (old != null && !Boolean.TRUE.equals(r.overwrite())) {
            throw error(ParameterAlreadyExistsException.builder(), "ParameterAlreadyExists", "The parameter already exists.");
        }
        long version = old == null ? 1 : old.version() + 1;
        parameters.put(r.name(), Parameter.builder().name(r.name()).value(r.value())
                .type(r.type() == null ? ParameterType.STRING : r.type()).version(version).build());
        return PutParameterResponse.builder().version(version).build();
    }

    @Override
    public GetParameterResponse getParameter(GetParameterRequest r) {
        Parameter p = parameters.get(r.name());
        if (p == null) {
            throw error(ParameterNotFoundException.builder(), "ParameterNotFound", "Parameter " + r.name() + " not found.");
        }
        return GetParameterResponse.builder().parameter(p).build();
    }

    @Override
    public DeleteParameterResponse deleteParameter(DeleteParameterRequest r) {
        if (parameters.remove(r.name()) == null) {
            throw error(ParameterNotFoundException.builder(), "ParameterNotFound", "Parameter " + r.name() + " not found.");
        }
        return DeleteParameterResponse.builder().build();
    }

    private static SsmException error(SsmException.Builder b, String code, String message) {
        return (SsmException) b.statusCode(400).message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).serviceName("Ssm").errorMessage(message).build()).build();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
    }
}
