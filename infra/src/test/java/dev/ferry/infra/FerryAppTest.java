package dev.ferry.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

/** How the app reads its context; stacks are only constructed here, never synthesized (that is the other tests'). */
class FerryAppTest {

    private static Path tinyJar;

    @BeforeAll
    static void tinyJar() {
        tinyJar = InfraTestSupport.tinyJar();
    }

    @Test
    void addStacks_whenNoAccessContext_addsOnlyTheControlStack() {
        App app = InfraTestSupport.app("FerryAppTest-control", Map.of(FerryApp.CONTEXT_FUNCTIONS_JAR, tinyJar.toString()));

        FerryApp.addStacks(app, InfraTestSupport.repoRoot());

        assertThat(stackIds(app)).containsExactly("FerryControl");
    }

    @Test
    void addStacks_whenAccessContextGiven_addsAllThreeWithDefaultRoleNames() {
        App app = InfraTestSupport.app("FerryAppTest-all", Map.of(FerryApp.CONTEXT_FUNCTIONS_JAR, tinyJar.toString(),
                "controlAccountId", "111122223333", "externalId", "abc-123"));

        FerryApp.addStacks(app, InfraTestSupport.repoRoot());

        assertThat(stackIds(app)).containsExactly("FerryControl", "FerrySourceAccess", "FerryDestinationAccess");
        assertThat(((SourceAccessStack) app.getNode().findChild("FerrySourceAccess")).getRole().getRoleName()).isNotNull();
    }

    @Test
    void addStacks_whenOnlyExternalIdGiven_namesTheMissingControlAccountId() {
        App app = InfraTestSupport.app("FerryAppTest-partial", Map.of(FerryApp.CONTEXT_FUNCTIONS_JAR, tinyJar.toString(),
                "externalId", "abc-123"));

        assertThatThrownBy(() -> FerryApp.addStacks(app, InfraTestSupport.repoRoot()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FerrySourceAccess needs the control account id")
                .hasMessageContaining("-c controlAccountId=");
    }

    @Test
    void addStacks_whenMapConcurrencyIsNotANumber_saysSo() {
        App app = InfraTestSupport.app("FerryAppTest-concurrency", Map.of(FerryApp.CONTEXT_FUNCTIONS_JAR, tinyJar.toString(),
                FerryApp.CONTEXT_MAP_CONCURRENCY, "lots"));

        assertThatThrownBy(() -> FerryApp.addStacks(app, InfraTestSupport.repoRoot()))
                .hasMessageContaining("mapConcurrency must be a whole number, got 'lots'");
    }

    @Test
    void functionsJar_whenMissing_saysToBuildItFirst() {
        App app = InfraTestSupport.app("FerryAppTest-nojar", Map.of(FerryApp.CONTEXT_FUNCTIONS_JAR, "target/no-such.jar"));

        assertThatThrownBy(() -> FerryApp.functionsJar(app, InfraTestSupport.repoRoot()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no-such.jar does not exist")
                .hasMessageContaining("./mvnw -DskipTests package");
    }

    @Test
    void functionsJar_whenNotGiven_defaultsToTheDynamoDbModulesTargetUnderTheRepoRoot() {
        Path root = InfraTestSupport.repoRoot();
        App app = InfraTestSupport.app("FerryAppTest-default", Map.of());
        Path expected = root.resolve("functions/dynamodb/target/ferry-functions-dynamodb-lambda.jar");

        if (Files.isRegularFile(expected)) {
            assertThat(FerryApp.functionsJar(app, root)).isEqualTo(expected);
        } else {
            assertThatThrownBy(() -> FerryApp.functionsJar(app, root)).hasMessageContaining(expected.toString());
        }
    }

    @Test
    void repoRoot_whenStartedInsideInfra_findsTheDirectoryWithMvnAndInfra() {
        Path root = FerryApp.repoRoot(Path.of("src/main/java").toAbsolutePath());

        assertThat(root.resolve("infra/cdk.json")).isRegularFile();
        assertThat(root.resolve(".mvn")).isDirectory();
    }

    @Test
    void cdkJsonContext_whenRead_hasTheRecommendedFeatureFlags() {
        Map<String, Object> context = FerryApp.cdkJsonContext(InfraTestSupport.cdkJson());

        assertThat(context).containsEntry("@aws-cdk/aws-iam:minimizePolicies", true)
                .containsEntry("@aws-cdk/core:enablePartitionLiterals", true);
    }

    private static java.util.List<String> stackIds(App app) {
        return app.getNode().getChildren().stream()
                .filter(c -> c instanceof Stack)
                .map(IConstruct.class::cast)
                .map(c -> c.getNode().getId())
                .toList();
    }
}
