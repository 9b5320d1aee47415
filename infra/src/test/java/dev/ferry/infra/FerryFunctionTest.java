package dev.ferry.infra;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Duration;

/** Props validation only: the synthesized functions are checked in ControlStackTest. */
class FerryFunctionTest {

    private static FerryFunctionProps.Builder valid() {
        return FerryFunctionProps.builder()
                .code(InfraTestSupport.tinyCode())
                .handler("dev.ferry.dynamodb.copy.ValidateCopyHandler::handleRequest")
                .memorySize(1024)
                .timeout(Duration.seconds(120));
    }

    @Test
    void build_whenHandlerHasNoMethod_explainsTheFormat() {
        assertThatThrownBy(() -> valid().handler("dev.ferry.dynamodb.copy.ValidateCopyHandler").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'fully.qualified.Class::method'");
    }

    @Test
    void build_whenMemoryOrTimeoutOutOfLambdaLimits_rejectsThem() {
        assertThatThrownBy(() -> valid().memorySize(64).build()).hasMessageContaining("128..10240 MB");
        assertThatThrownBy(() -> valid().timeout(Duration.minutes(16)).build()).hasMessageContaining("1 s .. 15 min");
    }

    @Test
    void build_whenCodeMissing_saysWhatToPass() {
        assertThatThrownBy(() -> FerryFunctionProps.builder().handler("a.B::c").memorySize(128)
                .timeout(Duration.seconds(1)).build())
                .hasMessageContaining("code is required");
    }
}
