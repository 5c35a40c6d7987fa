package dev.signet.cli.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void parsesUnitsAndCombinations() {
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("-5m")).isEqualTo(Duration.ofMinutes(-5));
        assertThat(Durations.parse("0s")).isZero();
    }

    @Test
    void refusesNumbersWithoutUnitsAndJunk() {
        for (String bad : new String[] {"15", "", "1x", "h", "1h-5m", "1.5h", "9999999999s"}) {
            assertThatThrownBy(() -> Durations.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a duration");
        }
    }

    @Test
    void describesWithTheTwoLargestAdjacentUnits() {
        assertThat(Durations.describe(Duration.ofSeconds(252))).isEqualTo("4m12s");
        assertThat(Durations.describe(Duration.ofHours(3).plusSeconds(5))).isEqualTo("3h");
        assertThat(Durations.describe(Duration.ofHours(53))).isEqualTo("2d5h");
        assertThat(Durations.describe(Duration.ofSeconds(-90))).isEqualTo("1m30s");
        assertThat(Durations.describe(Duration.ZERO)).isEqualTo("0s");
    }
}
