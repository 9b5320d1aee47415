package dev.ferry.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The CPU once warm is what the extra items cost each process, so fixed costs drop out. */
class BenchCopyCommandTest {

    @Test
    void warm_isTheCpuTheExtraItemsCostPerThousand() {
        BenchCopyCommand.Scenario small = new BenchCopyCommand.Scenario("", false, 20_000, 6.0, 5.5);
        BenchCopyCommand.Scenario big = new BenchCopyCommand.Scenario("", false, 50_000, 16.5, 10.0);

        String line = BenchCopyCommand.warm(small, big);

        // copier (16.5 - 6.0) / 30 = 0.350 s per 1,000 items; ferry (10.0 - 5.5) / 30 = 0.150; ratio 0.43
        assertThat(line).contains("from 20,000 to 50,000").contains("sequential 0.350").contains("ferry 0.150")
                .contains("= 0.43");
    }
}
