package dev.ferry.core.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.core.aws.ClientFactory;
import dev.ferry.core.errors.Problem;
import dev.ferry.core.runtime.Dependencies;
import org.junit.jupiter.api.Test;

class ReservedResourcesTest {
    private final Dependencies deps = Dependencies.builder().clients(ClientFactory.defaults()).ledgerTable("ferry-ledger")
            .reportsLocation("s3://ferry-reports-123/reports").build();

    @Test
    void table_whenNamedLikeTheLedger_isRefusedWithPathAndFix() {
        assertThat(ReservedResources.table(deps, "$.tables[0]", "ferry-ledger", "destination"))
                .hasValueSatisfying(p -> {
                    assertThat(p.path()).isEqualTo("$.tables[0]");
                    assertThat(p.message()).contains("run ledger");
                    assertThat(p.fix()).contains("another destination");
                });
        assertThat(ReservedResources.table(deps, "$.tables[0]", "orders", "destination")).isEmpty();
    }

    @Test
    void bucket_whenTheReportsBucket_isRefused() {
        assertThat(ReservedResources.bucket(deps, "$.bucket", "ferry-reports-123", "destination")).map(Problem::path).contains("$.bucket");
        assertThat(ReservedResources.bucket(deps, "$.bucket", "other", "destination")).isEmpty();
        assertThat(ReservedResources.reportsBucket("./ferry-runs")).isNull();
    }
}
