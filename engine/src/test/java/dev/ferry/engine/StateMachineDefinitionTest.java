package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What fails at load time, before anything runs, and what the messages say. */
class StateMachineDefinitionTest {
    private static StateMachineDefinition load(String json) {
        return StateMachineDefinition.load(Json.parse(json), ConformanceTest.AWS);
    }

    private static String pass(String extra) {
        return "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true" + extra + "}}}";
    }

    @Test
    void load_whenStateTypeUnknown_unsupportedNamingTheType() {
        assertThatThrownBy(() -> load("{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Activity\", \"End\": true}}}"))
                .isInstanceOf(UnsupportedFeatureException.class)
                .hasMessageStartingWith("unsupported: state type 'Activity' in state 'A'");
    }

    @Test
    void load_whenFieldMisspelled_unsupportedNamingFieldAndState() {
        assertThatThrownBy(() -> load(pass(", \"Reslt\": 1")))
                .isInstanceOf(UnsupportedFeatureException.class)
                .hasMessage("unsupported: field 'Reslt' in state 'P' (not a field of a Pass state in the States Language; check its spelling)");
    }

    @Test
    void load_whenItemReader_unsupportedWithTheWayAround() {
        String map = """
                {"StartAt": "Copy", "States": {"Copy": {"Type": "Map", "End": true,
                  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Bucket": "b", "Key": "k"}},
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}""";

        assertThatThrownBy(() -> load(map))
                .isInstanceOf(UnsupportedFeatureException.class)
                .hasMessageStartingWith("unsupported: field 'ItemReader' in state 'Copy' (the local engine does not read Map items from S3");
    }

    @Test
    void load_whenHeartbeatSeconds_unsupported() {
        String task = "{\"StartAt\": \"T\", \"States\": {\"T\": {\"Type\": \"Task\", \"Resource\": \"r\", \"HeartbeatSeconds\": 10, \"End\": true}}}";

        assertThatThrownBy(() -> load(task)).hasMessageStartingWith("unsupported: field 'HeartbeatSeconds' in state 'T'");
    }

    @Test
    void load_whenJsonPathFieldInJsonataState_saysWhichLanguageToUse() {
        assertThatThrownBy(() -> load(pass(", \"QueryLanguage\": \"JSONata\", \"InputPath\": \"$.a\"")))
                .isInstanceOf(UnsupportedFeatureException.class)
                .hasMessageContaining("field 'InputPath' in state 'P' (a JSONPath field, and this uses JSONata");
    }

    @Test
    void load_whenJsonataExpressionDoesNotParse_invalidWithJsonataCode() {
        assertThatThrownBy(() -> load(pass(", \"QueryLanguage\": \"JSONata\", \"Output\": \"{% 1 + %}\"")))
                .isInstanceOf(DefinitionException.class)
                .hasMessage("invalid definition: state 'P': 'Output': the JSONata expression '1 +' does not parse: S0207: Unexpected end of expression");
    }

    @Test
    void load_whenPathIsNotAPath_invalid() {
        assertThatThrownBy(() -> load(pass(", \"InputPath\": \"a.b\"")))
                .hasMessageStartingWith("invalid definition: state 'P': 'InputPath': 'a.b' is not a path");
    }

    @Test
    void load_whenIntrinsicFunctionUnknown_invalid() {
        assertThatThrownBy(() -> load(pass(", \"Parameters\": {\"x.$\": \"States.Nope($.a)\"}")))
                .hasMessageContaining("'States.Nope' is not an intrinsic function");
    }

    @Test
    void load_whenIntrinsicGetsWrongArgumentCount_invalid() {
        assertThatThrownBy(() -> load(pass(", \"Parameters\": {\"x.$\": \"States.ArrayGetItem($.a)\"}")))
                .hasMessageContaining("States.ArrayGetItem takes 2 argument(s), not 1");
    }

    @Test
    void load_whenNextNamesNoState_invalid() {
        assertThatThrownBy(() -> load("{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"Next\": \"B\"}}}"))
                .hasMessage("invalid definition: state 'A' goes to 'B', which is not a state of the same set of States [A]");
    }

    @Test
    void load_whenStateUnreachable_invalid() {
        assertThatThrownBy(() -> load("{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Succeed\"}, \"B\": {\"Type\": \"Succeed\"}}}"))
                .hasMessageStartingWith("invalid definition: state 'B' cannot be reached from StartAt 'A'");
    }

    @Test
    void load_whenNeitherNextNorEnd_invalid() {
        assertThatThrownBy(() -> load("{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\"}}}"))
                .hasMessage("invalid definition: state 'A': a Pass state needs either \"Next\": \"<state>\" or \"End\": true (not both)");
    }

    @Test
    void load_whenStatesAllIsNotLast_invalid() {
        String task = """
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "r", "End": true,
                  "Retry": [{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["Custom"]}]}}}""";

        assertThatThrownBy(() -> load(task))
                .hasMessageStartingWith("invalid definition: Retry[0] of state 'T': States.ALL must appear alone in ErrorEquals, in the last entry");
    }

    @Test
    void load_whenBranchAssignsAnOuterVariable_invalid() {
        String parallel = """
                {"QueryLanguage": "JSONata", "StartAt": "Init", "States": {
                  "Init": {"Type": "Pass", "Assign": {"total": 0}, "Next": "Both"},
                  "Both": {"Type": "Parallel", "End": true, "Branches": [
                    {"StartAt": "B", "States": {"B": {"Type": "Pass", "Assign": {"total": 1}, "End": true}}}]}}}""";

        assertThatThrownBy(() -> load(parallel))
                .hasMessageStartingWith("invalid definition: state 'B' assigns the variable 'total', which an enclosing scope also assigns");
    }

    @Test
    void load_whenDistributedChildReusesAnOuterVariableName_accepted() {
        String map = """
                {"QueryLanguage": "JSONata", "StartAt": "Init", "States": {
                  "Init": {"Type": "Pass", "Assign": {"total": 0}, "Next": "Fan"},
                  "Fan": {"Type": "Map", "End": true, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                    "StartAt": "B", "States": {"B": {"Type": "Pass", "Assign": {"total": 1}, "End": true}}}}}}""";

        assertThat(load(map).resources()).isEmpty();
    }

    @Test
    void load_whenStateUsesJsonPathInAJsonataMachine_invalid() {
        assertThatThrownBy(() -> load("{\"QueryLanguage\": \"JSONata\"," + pass(", \"QueryLanguage\": \"JSONPath\"").substring(1)))
                .hasMessage("invalid definition: state 'P': a state cannot use JSONPath when the state machine's QueryLanguage is JSONata");
    }

    @Test
    void load_whenItemBatcherOnInlineMap_invalid() {
        String map = """
                {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemBatcher": {"MaxItemsPerBatch": 2},
                  "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}""";

        assertThatThrownBy(() -> load(map)).hasMessageContaining("'ItemBatcher' is only for a DISTRIBUTED Map");
    }

    @Test
    void load_whenDistributedMapHasNoExecutionType_invalid() {
        String map = """
                {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}""";

        assertThatThrownBy(() -> load(map)).hasMessageContaining("a DISTRIBUTED Map needs \"ExecutionType\": \"STANDARD\" or \"EXPRESS\"");
    }

    @Test
    void load_whenStateNameRepeatsInABranch_invalid() {
        String parallel = """
                {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
                  {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}]}}}""";

        assertThatThrownBy(() -> load(parallel)).hasMessageContaining("state names must be unique in the whole state machine");
    }

    @Test
    void load_whenPseudoParametersInResource_replacedFromTheEnvironment() {
        String task = "{\"StartAt\": \"T\", \"States\": {\"T\": {\"Type\": \"Task\", \"Resource\": "
                + "\"arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:f\", \"End\": true}}}";

        StateMachineDefinition definition = StateMachineDefinition.load(Json.parse(task), new AwsEnvironment("aws-cn", "cn-north-1", "000011112222"));

        assertThat(definition.resources()).containsExactly("arn:aws-cn:lambda:cn-north-1:000011112222:function:f");
    }
}
