package dev.ferry.quicksight.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.core.aws.Side;
import dev.ferry.core.json.Json;
import dev.ferry.testkit.quicksight.QuickSightSamples;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan as the ledger keeps it (no external id) and as a step gets it back from the execution's sides. */
class MigrationPlanIntegrationTest {
    @TempDir
    Path dir;

    @Test
    void armed_whenTheLedgersPlanIsGivenTheExecutionsSides_getsEachSidesExternalIdBack() {
        // GIVEN a validated plan, kept without secrets
        MigrationTestKit kit = new MigrationTestKit(dir);
        MigrationPlan plan = new MigrationValidator(kit.deps).validate(Json.parse(QuickSightSamples.input("qs-plan", null)), "qs-plan");
        MigrationPlan kept = plan.withoutSecrets();
        assertThat(Json.write(kept)).doesNotContain(QuickSightSamples.EXTERNAL_ID);

        // WHEN / THEN the execution's sides (in either order) give each side its own external id back
        MigrationPlan armed = MigrationPlan.armed(kept, List.of(plan.destination(), plan.source()));
        assertThat(armed.source()).isEqualTo(plan.source());
        assertThat(armed.destination()).isEqualTo(plan.destination());
        // ... a side of another role gives nothing, and no sides leave the plan as kept
        Side stranger = new Side(plan.region(), "arn:aws:iam::999988887777:role/other", "someone-elses-id", null);
        assertThat(MigrationPlan.armed(kept, List.of(stranger)).source().externalId()).isNull();
        assertThat(MigrationPlan.armed(kept, null).destination().externalId()).isNull();
    }
}
