package dev.ferry.infra;

import static dev.ferry.infra.FerryNag.IAM5;
import static dev.ferry.infra.FerryNag.SQS3;
import static dev.ferry.infra.FerryNag.suppress;
import static dev.ferry.infra.FerryNag.suppressMatching;

import java.util.ArrayList;
import java.util.List;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.services.stepfunctions.DistributedMap;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.IConstruct;

/**
 * Every cdk-nag suppression of {@link ControlStack} that is not a {@link FerryFunction}'s own, each with its
 * reason. They are IAM5 (wildcards), each limited to the exact findings it explains, and SQS3 on the schedules'
 * dead-letter queue. Every workflow's functions and state machine get the same ones.
 */
final class ControlStackSuppressions {

    private ControlStackSuppressions() {
    }

    static void apply(ControlStack stack) {
        String reportsObjects = "Resource::" + FerryNag.attr(stack.getReportsBucket(), "Arn") + "/" + ControlStack.REPORTS_PREFIX + "/*";
        for (FerryFunction function : stack.getFunctionList()) {
            NagSuppressions.addResourceSuppressions(function.getRole(), List.of(
                    suppress(IAM5, "Bucket.grantRead/grantPut on the reports bucket, limited to its "
                                    + ControlStack.REPORTS_PREFIX + "/ prefix: every run writes report objects whose keys "
                                    + "exist only at run time; the action wildcards are CDK's read (GetObject*, GetBucket*, "
                                    + "List*) and multipart-upload (Abort*) families on that bucket only",
                            reportsObjects, "Action::s3:GetObject*", "Action::s3:GetBucket*", "Action::s3:List*",
                            "Action::s3:Abort*"),
                    suppress(IAM5, "Table.grantReadWriteData and Bucket.grantPut on the ledger key: the resource is the "
                                    + "one key ARN; GenerateDataKey*/ReEncrypt* are the data-key variants DynamoDB and "
                                    + "S3 SSE-KMS use with it",
                            "Action::kms:GenerateDataKey*", "Action::kms:ReEncrypt*")), true);
        }

        NagSuppressions.addResourceSuppressions(stack.getNode().findChild("FunctionTableAccess"), List.of(
                suppress(IAM5, "Runs name their access roles in their input, in any account: only roles named "
                                + FunctionPermissions.ACCESS_ROLE_NAME_PATTERN + " can be assumed, and each such role "
                                + "trusts only the control account with an sts:ExternalId condition",
                        "Resource::arn:<AWS::Partition>:iam::*:role/" + FunctionPermissions.ACCESS_ROLE_NAME_PATTERN),
                suppress(IAM5, "Same-account runs without a role read and create the tables named in the run input, "
                                + "unknown at deploy time; limited to this account and region, to Ferry's read/write "
                                + "actions, and UpdateTable/DeleteTable only on tables tagged " + AccessPolicies.RUN_ID_TAG,
                        "Resource::arn:<AWS::Partition>:dynamodb:<AWS::Region>:<AWS::AccountId>:table/*"),
                suppress(IAM5, "The customer-managed keys of those tables are unknown at deploy time; their use is "
                                + "limited to calls DynamoDB makes in this region (kms:ViaService)",
                        "Resource::arn:<AWS::Partition>:kms:<AWS::Region>:<AWS::AccountId>:key/*")), true);

        String loggingAndTracing = "The policy CDK generates for state machine logging and X-Ray tracing: CloudWatch "
                + "Logs vended-log delivery (logs:CreateLogDelivery, PutResourcePolicy, ...) and X-Ray "
                + "(PutTraceSegments, GetSamplingRules, ...) do not support resource-level permissions";
        for (StateMachine stateMachine : stack.getStateMachines().values()) {
            List<NagPackSuppression> suppressions = new ArrayList<>();
            suppressions.add(suppress(IAM5, loggingAndTracing, "Resource::*"));
            if (hasDistributedMap(stateMachine)) {
                suppressions.add(suppressMatching(IAM5, "The Distributed Map policy CDK generates: DescribeExecution, "
                                + "StopExecution and RedriveExecution on the child executions Step Functions starts and "
                                + "names at run time, limited to executions of this state machine",
                        "^Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:.*$"));
            }
            NagSuppressions.addResourceSuppressions(stateMachine, suppressions, true);
        }

        stack.getSchedules().ifPresent(schedules -> NagSuppressions.addResourceSuppressions(
                schedules.getDeadLetterQueue(), List.of(suppress(SQS3, "This queue is itself the dead-letter queue of "
                        + "the EventBridge Scheduler schedules (their DeadLetterConfig); a dead-letter queue of a "
                        + "dead-letter queue would only move the same failed starts again")), true));
    }

    /** Whether the workflow construct holding {@code stateMachine} has a Distributed Map state. */
    private static boolean hasDistributedMap(StateMachine stateMachine) {
        IConstruct workflow = stateMachine.getNode().getScope();
        return workflow != null && workflow.getNode().findAll().stream().anyMatch(c -> c instanceof DistributedMap);
    }
}
