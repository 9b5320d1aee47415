package dev.ferry.infra;

import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * One Ferry Lambda handler, deployed the one way they all are: the {@code java21} runtime (the code is Java 17
 * bytecode), SnapStart on published versions with an alias {@value #LIVE_ALIAS} that callers invoke (SnapStart
 * only applies to versions, never to {@code $LATEST}), X-Ray active tracing, its own log group (one month)
 * and its own role, which starts with nothing but writing to that log group: the stack grants the rest.
 */
public class FerryFunction extends Construct {

    /** The alias state machines invoke; it always points at the version published by the last deploy. */
    public static final String LIVE_ALIAS = "live";
    static final RetentionDays LOG_RETENTION = RetentionDays.ONE_MONTH;

    private final Function function;
    private final Alias alias;
    private final Role role;
    private final LogGroup logGroup;

    public FerryFunction(Construct scope, String id, FerryFunctionProps props) {
        super(scope, id);
        Objects.requireNonNull(props, "FerryFunction: props are required (FerryFunctionProps.builder())");

        this.logGroup = LogGroup.Builder.create(this, "Logs")
                .retention(LOG_RETENTION)
                .removalPolicy(RemovalPolicy.RETAIN) // a run's logs outlive the stack, like its ledger and reports
                .build();
        this.role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Ferry " + props.getHandler())
                .build();
        logGroup.grantWrite(role); // instead of the managed AWSLambdaBasicExecutionRole (logs:* on every group)

        this.function = Function.Builder.create(this, "Function")
                .runtime(Runtime.JAVA_21)
                // Graviton: about 20% cheaper per GB-second; the artifact is pure Java (no native libraries)
                .architecture(Architecture.ARM_64)
                .code(props.getCode())
                .handler(props.getHandler())
                .memorySize(props.getMemorySize())
                .timeout(props.getTimeout())
                .environment(new TreeMap<>(props.getEnvironment()))
                .description(props.getDescription())
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .tracing(Tracing.ACTIVE)
                .logGroup(logGroup)
                .role(role)
                .build();
        this.alias = Alias.Builder.create(this, "LiveAlias")
                .aliasName(LIVE_ALIAS)
                .version(function.getCurrentVersion())
                .build();

        // CDK warns that SnapStart needs a published version: the live alias points at currentVersion, which is one
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "the live alias invokes function.currentVersion, a published version");
        NagSuppressions.addResourceSuppressions(function, List.of(FerryNag.suppress(FerryNag.L1,
                "Ferry deploys on java21 on purpose: the handlers are Java 17 bytecode, run on java21 with SnapStart, "
                        + "the runtime they and their SnapStart restore are tested on; a newer Java runtime is adopted "
                        + "only after they are tested on it")), true);
        NagSuppressions.addResourceSuppressions(role, List.of(FerryNag.suppress(FerryNag.IAM5,
                "X-Ray active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords do not support "
                        + "resource-level permissions", "Resource::*")), true);
    }

    public Function getFunction() {
        return function;
    }

    /** What callers invoke: the {@value #LIVE_ALIAS} alias (a SnapStart version). */
    public IFunction getAlias() {
        return alias;
    }

    public Role getRole() {
        return role;
    }

    public LogGroup getLogGroup() {
        return logGroup;
    }
}
