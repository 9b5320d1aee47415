package dev.ferry.dynamodb.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.core.aws.Side;
import dev.ferry.core.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plan as the run ledger keeps it (a failed run's report is made with it). */
class TransformPlanTest {

    @Test
    void withoutSecrets_whenTheTargetHasAnExternalId_dropsItAndKeepsEverythingElse() throws Exception {
        // GIVEN a plan whose target assumes a role with an external id
        Side target = new Side("eu-west-1", "arn:aws:iam::111122223333:role/ferry-destination-access", "ferry-secret-2026", null);
        TransformPlan plan = new TransformPlan("run-1", target, TransformerTest.ASSETS, List.of(TransformerTest.VERSIONS),
                TransformerTest.vamsExampleSpec(), Json.parse("{\"assetBucketName\": \"b\"}"), TransformOptions.defaults(), "hash");

        // WHEN
        TransformPlan kept = plan.withoutSecrets();

        // THEN
        assertThat(Json.write(kept)).doesNotContain("ferry-secret-2026");
        assertThat(kept.target()).isEqualTo(new Side("eu-west-1", target.roleArn(), null, null));
        assertThat(kept).usingRecursiveComparison().ignoringFields("target").isEqualTo(plan);
    }
}
