package dev.ferry.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.ferry.statemachines.FerryWorkflow;
import dev.ferry.statemachines.FerryWorkflows;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

/** How the app reads its context; stacks are only constructed here, never synthesized (that is the other tests'). */
class FerryAppTest {

    private static Path tinyJars;

    @BeforeAll
    static void tinyJars() {
        tinyJars = InfraTestSupport.tinyJarsDir();
    }

    @Test
    void addStacks_whenNoAccessContext_addsOnlyTheControlStack() {
        App app = InfraTestSupport.app("FerryAppTest-control", Map.of(FerryApp.CONTEXT_FUNCTIONS_DIR, tinyJars.toString()));

        FerryApp.addStacks(app, InfraTestSupport.repoRoot());

        assertThat(stackIds(app)).containsExactly("FerryControl");
    }

    @Test
    void addStacks_whenAccessContextGiven_addsAllThreeWithDefaultRoleNames() {
        App app = InfraTestSupport.app("FerryAppTest-all", Map.of(FerryApp.CONTEXT_FUNCTIONS_DIR, tinyJars.toString(),
                "controlAccountId", "111122223333", "externalId", "abc-123"));

        FerryApp.addStacks(app, InfraTestSupport.repoRoot());

        assertThat(stackIds(app)).containsExactly("FerryControl", "FerrySourceAccess", "FerryDestinationAccess");
        assertThat(((SourceAccessStack) app.getNode().findChild("FerrySourceAccess")).getRole().getRoleName()).isNotNull();
    }

    @Test
    void addStacks_whenOnlyExternalIdGiven_namesTheMissingControlAccountId() {
        App app = InfraTestSupport.app("FerryAppTest-partial", Map.of(FerryApp.CONTEXT_FUNCTIONS_DIR, tinyJars.toString(),
                "externalId", "abc-123"));

        assertThatThrownBy(() -> FerryApp.addStacks(app, InfraTestSupport.repoRoot()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FerrySourceAccess needs the control account id")
                .hasMessageContaining("-c controlAccountId=");
    }

    @Test
    void addStacks_whenMapConcurrencyIsNotANumber_saysSo() {
        App app = InfraTestSupport.app("FerryAppTest-concurrency", Map.of(FerryApp.CONTEXT_FUNCTIONS_DIR, tinyJars.toString(),
                FerryApp.CONTEXT_MAP_CONCURRENCY, "lots"));

        assertThatThrownBy(() -> FerryApp.addStacks(app, InfraTestSupport.repoRoot()))
                .hasMessageContaining("mapConcurrency must be a whole number, got 'lots'");
    }

    @Test
    void functionsJar_whenMissing_saysToBuildItFirst() {
        App app = InfraTestSupport.app("FerryAppTest-nojar", Map.of(FerryApp.CONTEXT_FUNCTIONS_DIR, "target/no-such-dir"));

        assertThatThrownBy(() -> FerryApp.functionsJar(app, InfraTestSupport.repoRoot(),
                "functions/dynamodb/target/ferry-functions-dynamodb-lambda.jar"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no-such-dir/ferry-functions-dynamodb-lambda.jar does not exist")
                .hasMessageContaining("./mvnw -B -DskipTests package")
                .hasMessageContaining("-c functionsDir=");
    }

    @Test
    void functionsJar_whenNotGiven_isTheDescriptorsJarUnderTheRepoRoot() {
        Path root = InfraTestSupport.repoRoot();
        App app = InfraTestSupport.app("FerryAppTest-default", Map.of());
        for (FerryWorkflow workflow : FerryWorkflows.all()) {
            Path expected = root.resolve(workflow.functionsJar());
            if (Files.isRegularFile(expected)) {
                assertThat(FerryApp.functionsJar(app, root, workflow.functionsJar())).isEqualTo(expected);
            } else {
                assertThatThrownBy(() -> FerryApp.functionsJar(app, root, workflow.functionsJar()))
                        .hasMessageContaining(expected.toString())
                        .hasMessageContaining("./mvnw -B -DskipTests package");
            }
        }
    }

    @Test
    void addStacks_whenAJarIsMissing_failsSynthNamingTheJar() throws java.io.IOException {
        Path empty = Files.createTempDirectory(Path.of("target"), "no-jars").toAbsolutePath();
        App app = InfraTestSupport.app("FerryAppTest-missing", Map.of(FerryApp.CONTEXT_FUNCTIONS_DIR, empty.toString()));

        assertThatThrownBy(() -> FerryApp.addStacks(app, InfraTestSupport.repoRoot()))
                .hasMessageContaining("ferry-functions-dynamodb-lambda.jar does not exist");
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
