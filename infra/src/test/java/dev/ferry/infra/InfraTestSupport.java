package dev.ferry.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.ferry.statemachines.FerryWorkflow;
import dev.ferry.statemachines.FerryWorkflows;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;
import software.amazon.awscdk.services.lambda.Code;

/** Apps configured like the CLI's (cdk.json's context), writing under target/, and a tiny Lambda asset. */
final class InfraTestSupport {

    private InfraTestSupport() {
    }

    /** cdk.json of this module: the surefire property, or ./cdk.json when run from the IDE in infra/. */
    static Path cdkJson() {
        return Path.of(System.getProperty("ferry.cdkJson", "cdk.json"));
    }

    static App app(String name, Map<String, Object> extraContext) {
        Map<String, Object> context = new HashMap<>(FerryApp.cdkJsonContext(cdkJson()));
        context.putAll(extraContext);
        return new App(AppProps.builder()
                .context(context)
                .outdir(Path.of("target", "cdk-test-out", name).toAbsolutePath().toString())
                .build());
    }

    /** An asset of a small temp dir: the template only needs some code, not the real handlers. */
    static Code tinyCode() {
        try {
            Path dir = Files.createTempDirectory(Path.of("target"), "tiny-lambda");
            Files.writeString(dir.resolve("README.txt"), "placeholder code for template tests\n");
            return Code.fromAsset(dir.toAbsolutePath().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Unsuppressed cdk-nag findings of a stack, one line each ("path: message"), errors and warnings. */
    static List<String> nagFindings(Stack stack) {
        Annotations annotations = Annotations.fromStack(stack);
        List<SynthesisMessage> findings = new java.util.ArrayList<>();
        findings.addAll(annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*")));
        findings.addAll(annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*")));
        return findings.stream()
                .map(m -> m.getId() + ": " + m.getEntry().getData())
                .collect(Collectors.toList());
    }

    /** Code for every jar: a tiny asset (ControlStack asks once per jar). */
    static Function<String, Code> tinyCodeForJars() {
        return jar -> tinyCode();
    }

    /**
     * A directory holding a tiny (valid, empty) zip named like each workflow's Lambda jar, for going through
     * FerryApp's jar resolution with {@code -c functionsDir=...}.
     */
    static Path tinyJarsDir() {
        try {
            Path dir = Files.createTempDirectory(Path.of("target"), "tiny-jars");
            for (FerryWorkflow workflow : FerryWorkflows.all()) {
                Path jar = dir.resolve(Path.of(workflow.functionsJar()).getFileName());
                if (Files.exists(jar)) {
                    continue;
                }
                try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(jar))) {
                    zip.putNextEntry(new java.util.zip.ZipEntry("README.txt"));
                    zip.write("placeholder code for template tests\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    zip.closeEntry();
                }
            }
            return dir.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository root, from the module directory tests run in. */
    static Path repoRoot() {
        return FerryApp.repoRoot(Path.of("").toAbsolutePath());
    }

    /** The logical id CDK gives a construct's default CloudFormation resource. */
    static String logicalId(software.constructs.IConstruct construct) {
        software.amazon.awscdk.CfnElement element = (software.amazon.awscdk.CfnElement) construct.getNode().getDefaultChild();
        return (String) Stack.of(construct).resolve(element.getLogicalId());
    }
}
