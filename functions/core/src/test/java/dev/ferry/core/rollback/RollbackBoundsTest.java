package dev.ferry.core.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RollbackBoundsTest {
    @Test
    void bounded_whenThousandsOfResources_listsTheFirstAndCountsTheRestByType() {
        List<String> undone = new ArrayList<>();
        undone.add("dynamodb:table orders");
        for (int i = 0; i < 5000; i++) {
            undone.add("secretsmanager:secret app/account/" + i + " (scheduled for deletion in 7 days (restorable until then))");
        }

        List<String> bounded = Rollback.bounded(undone);

        assertThat(bounded).hasSize(Rollback.LISTED + 1).startsWith("dynamodb:table orders");
        assertThat(bounded.get(Rollback.LISTED)).isEqualTo("... and 4901 more: 4901 secretsmanager:secret (the run ledger lists each)");
        assertThat(String.join("\n", bounded).length()).isLessThan(20_000);
        assertThat(Rollback.bounded(List.of("a x", "b y"))).containsExactly("a x", "b y");
    }
}
