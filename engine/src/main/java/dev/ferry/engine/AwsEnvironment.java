package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The partition, region and account a local run pretends to be in: they fill the CloudFormation
 * pseudo parameters ({@code ${AWS::Partition}}, {@code ${AWS::Region}}, {@code ${AWS::AccountId}},
 * {@code ${AWS::URLSuffix}}) left in definitions synthesized by CDK, and every ARN the engine makes.
 */
public record AwsEnvironment(String partition, String region, String accountId) {
    /** The account id local runs use unless told otherwise (no AWS call is made to find the real one). */
    public static final String LOCAL_ACCOUNT_ID = "123456789012";

    /** The region local runs use when neither {@code aws.region} nor AWS_REGION names one. */
    public static final String DEFAULT_REGION = "us-east-1";

    /**
     * Partition {@code aws}, account {@link #LOCAL_ACCOUNT_ID} and the region of the {@code aws.region}
     * system property, else of the AWS_REGION environment variable, else {@link #DEFAULT_REGION}. The
     * engine does not read AWS profiles (it has no AWS SDK): a caller that resolves the region
     * another way passes its own environment to {@link LocalEngine.Builder#aws} and
     * {@link StateMachineDefinition#load(JsonNode, AwsEnvironment)}.
     */
    public static AwsEnvironment local() {
        String region = System.getProperty("aws.region");
        if (region == null || region.isBlank()) {
            region = System.getenv("AWS_REGION");
        }
        return new AwsEnvironment("aws", region == null || region.isBlank() ? DEFAULT_REGION : region.trim(), LOCAL_ACCOUNT_ID);
    }

    /** The text with every pseudo parameter replaced. */
    public String substitute(String text) {
        if (!text.contains("${AWS::")) {
            return text;
        }
        return text.replace("${AWS::Partition}", partition)
                .replace("${AWS::Region}", region)
                .replace("${AWS::AccountId}", accountId)
                .replace("${AWS::URLSuffix}", "amazonaws.com");
    }

    /** A copy of the tree with every pseudo parameter replaced in its strings and keys. */
    public JsonNode substitute(JsonNode tree) {
        if (tree.isTextual()) {
            return TextNode.valueOf(substitute(tree.textValue()));
        }
        if (tree.isObject()) {
            ObjectNode out = ((ObjectNode) tree).objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(substitute(e.getKey()), substitute(e.getValue()));
            }
            return out;
        }
        if (tree.isArray()) {
            ArrayNode out = ((ArrayNode) tree).arrayNode();
            tree.forEach(item -> out.add(substitute(item)));
            return out;
        }
        return tree;
    }

    /** The ARN of a resource in this environment: {@code arn:<partition>:<service>:<region>:<account>:<resource>}. */
    public String arn(String service, String resource) {
        return "arn:" + partition + ":" + service + ":" + region + ":" + accountId + ":" + resource;
    }

    /** The ARN of a global resource (no region), such as an IAM role. */
    public String globalArn(String service, String resource) {
        return "arn:" + partition + ":" + service + "::" + accountId + ":" + resource;
    }
}
