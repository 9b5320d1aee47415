package dev.ferry.statemachines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;

class WorkflowSettingsTest {

    @Test
    void defaults_whenNothingSet_areConcurrencyTenAndAConstructOwnedLogGroup() {
        WorkflowSettings defaults = WorkflowSettings.defaults();

        assertThat(defaults.getMapConcurrency()).isEqualTo(10);
        assertThat(defaults.getLogGroup()).isNull();
        assertThat(defaults.getLogRetention()).isNull();
    }

    @Test
    void build_whenMapConcurrencyOutOfRange_rejectsIt() {
        assertThatThrownBy(() -> WorkflowSettings.builder().mapConcurrency(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mapConcurrency must be between 1 and 10000");
        assertThatThrownBy(() -> WorkflowSettings.builder().mapConcurrency(10_001).build())
                .hasMessageContaining("got 10001");
    }

    @Test
    void build_whenLogGroupAndRetentionBothGiven_rejectsTheRetention() {
        Stack stack = new Stack(TestStacks.app("unused-logs"), "S");
        LogGroup logGroup = new LogGroup(stack, "L");
        assertThatThrownBy(() -> WorkflowSettings.builder().logGroup(logGroup).logRetention(RetentionDays.ONE_DAY).build())
                .hasMessageContaining("logRetention applies only to the log group the construct creates");
    }
}
