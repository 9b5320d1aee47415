package dev.ferry.postgres.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.postgres.source.Catalog;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The load order from the catalog's foreign keys: parents first, a table's reference to itself ignored, a cycle named by its columns. */
class LoadOrderTest {
    private static Catalog.ForeignKey fk(String table, String column, String parent, String parentColumn) {
        return new Catalog.ForeignKey(table + "_" + column + "_fkey", table, List.of(column), parent, List.of(parentColumn));
    }

    private static Map<String, Catalog.Table> catalog(Catalog.ForeignKey... fks) {
        Map<String, Catalog.Table> out = new LinkedHashMap<>();
        for (String t : List.of("tenants", "providers", "accounts", "account_credentials", "schedules", "executions", "scan_results")) {
            out.put(t, new Catalog.Table(t, 0, List.of(), List.of("id"), List.of(),
                    Arrays.stream(fks).filter(f -> f.table().equals(t)).toList()));
        }
        return out;
    }

    private static final Catalog.ForeignKey[] THREAT_ENGINE = {
        fk("accounts", "tenant_id", "tenants", "tenant_id"), fk("accounts", "provider_id", "providers", "provider_id"),
        fk("account_credentials", "account_id", "accounts", "account_id"), fk("schedules", "account_id", "accounts", "account_id"),
        fk("executions", "schedule_id", "schedules", "schedule_id"), fk("scan_results", "execution_id", "executions", "execution_id"),
        fk("scan_results", "account_id", "accounts", "account_id"), fk("tenants", "parent_tenant_id", "tenants", "tenant_id")};

    @Test
    void of_whenTablesAreListedChildrenFirst_loadsParentsFirst() {
        List<String> childrenFirst = List.of("scan_results", "executions", "schedules", "account_credentials", "accounts", "providers", "tenants");

        LoadOrder.Result result = LoadOrder.of(childrenFirst, catalog(THREAT_ENGINE));

        assertThat(result.cycle()).isNull();
        assertThat(result.levels()).containsExactly(List.of("providers", "tenants"), List.of("accounts"),
                List.of("schedules", "account_credentials"), List.of("executions"), List.of("scan_results"));
    }

    @Test
    void of_whenAParentIsNotPartOfTheRun_ignoresItsForeignKey() {
        LoadOrder.Result result = LoadOrder.of(List.of("scan_results", "accounts"), catalog(THREAT_ENGINE));

        assertThat(result.levels()).containsExactly(List.of("accounts"), List.of("scan_results"));
    }

    @Test
    void of_whenTheForeignKeysFormACycle_namesItsColumns() {
        Catalog.ForeignKey[] cyclic = Arrays.copyOf(THREAT_ENGINE, THREAT_ENGINE.length + 1);
        cyclic[THREAT_ENGINE.length] = fk("tenants", "owner_account_id", "accounts", "account_id");

        LoadOrder.Result result = LoadOrder.of(List.of("tenants", "providers", "accounts"), catalog(cyclic));

        assertThat(result.cycle()).isEqualTo("tenants(owner_account_id) -> accounts(account_id), accounts(tenant_id) -> tenants(tenant_id)");
        assertThat(result.levels()).containsExactly(List.of("providers"));
    }
}
