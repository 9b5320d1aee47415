package dev.ferry.infra;

import java.util.Arrays;
import java.util.List;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

/** cdk-nag on every Ferry stack, and the one way to write a suppression: an id, a reason, what it covers. */
final class FerryNag {

    static final String IAM5 = "AwsSolutions-IAM5";
    static final String L1 = "AwsSolutions-L1";
    static final String SQS3 = "AwsSolutions-SQS3";

    private FerryNag() {
    }

    /** AwsSolutions checks on every resource of {@code stack}; findings become synth errors and warnings. */
    static void apply(Stack stack) {
        Aspects.of(stack).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
    }

    /**
     * A suppression of rule {@code id} (e.g. {@code AwsSolutions-IAM5}) for the listed findings only
     * (e.g. {@code Resource::*}); with none listed it covers every finding of the rule on the resource.
     */
    static NagPackSuppression suppress(String id, String reason, String... appliesTo) {
        NagPackSuppression.Builder builder = NagPackSuppression.builder().id(id).reason(reason);
        if (appliesTo.length > 0) {
            builder.appliesTo(List.copyOf(Arrays.asList(appliesTo)));
        }
        return builder.build();
    }

    /** Like {@link #suppress}, for findings matching a regular expression (for ids that embed intrinsics). */
    static NagPackSuppression suppressMatching(String id, String reason, String regex) {
        return NagPackSuppression.builder().id(id).reason(reason)
                .appliesTo(List.of(RegexAppliesTo.builder().regex("/" + regex + "/").build()))
                .build();
    }

    /** How cdk-nag writes a resource's attribute in a finding: {@code <LogicalId.Attr>}. */
    static String attr(IConstruct construct, String attribute) {
        CfnElement element = (CfnElement) construct.getNode().getDefaultChild();
        return "<" + Stack.of(construct).resolve(element.getLogicalId()) + "." + attribute + ">";
    }
}
