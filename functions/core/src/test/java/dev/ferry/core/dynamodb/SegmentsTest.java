package dev.ferry.core.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

class SegmentsTest {
    @Test
    void automatic_whenSmallTable_usesOneSegmentPerThousandItemsUpToTheMapsConcurrency() {
        assertThat(Segments.automatic(0, 0)).isEqualTo(1);
        assertThat(Segments.automatic(500, 400_000)).isEqualTo(1);
        assertThat(Segments.automatic(3_000, 3_000_000)).isEqualTo(3);
        assertThat(Segments.automatic(9_000, 9_000_000)).isEqualTo(9);
        assertThat(Segments.automatic(20_000, 20_000_000)).isEqualTo(10);
        assertThat(Segments.automatic(200_000, 200_000_000)).isEqualTo(10);
    }

    @Test
    void automatic_whenMillionItemsOfOneKilobyte_usesOneSegmentPer32MiB() {
        assertThat(Segments.automatic(1_000_000, 1_000_000_000L)).isEqualTo(30);
    }

    @Test
    void automatic_whenFewButLargeItems_splitsByBytesNotByCount() {
        // 3,000 items of ~225 KB: few items, but 675 MB: twenty-one segments, not one
        assertThat(Segments.automatic(3_000, 675_000_000L)).isEqualTo(21);
        // 600 items of 100-350 KB, 135 MB: ten short scans (one per 4 MiB, up to the Map's concurrency), not 5 of 32 MiB
        assertThat(Segments.automatic(600, 135_000_000L)).isEqualTo(10);
        assertThat(Segments.automatic(300, 73_000_000L)).isEqualTo(10);
        // 40 items of 250 KB, 10 MB: one segment per 4 MiB
        assertThat(Segments.automatic(40, 10_000_000L)).isEqualTo(3);
        assertThat(Segments.automatic(10, 3_500_000L)).isEqualTo(1);
    }

    @Test
    void automatic_whenHugeTable_scalesBySizeAndCapsAtOneThousand() {
        assertThat(Segments.automatic(2_000_000, 20L << 30)).isEqualTo(640);
        assertThat(Segments.automatic(10_000_000_000L, 1L << 50)).isEqualTo(1000);
    }

    @Test
    void choose_whenRequested_usesTheRequestedNumber() {
        assertThat(Segments.choose(7, TableDescription.builder().itemCount(1L).build())).isEqualTo(7);
    }
}
