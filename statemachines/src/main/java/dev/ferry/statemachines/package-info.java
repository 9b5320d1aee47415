/**
 * One CDK construct per Ferry workflow, and the descriptors that make a workflow known.
 *
 * <p>Adding a workflow takes, and only takes:
 * <ol>
 *   <li>its functions module ({@code functions/<module>}, building {@code target/<artifactId>-lambda.jar}), with a
 *       {@code Rollback} handler running {@link dev.ferry.statemachines.FerryWorkflow#ROLLBACK_HANDLER} if its
 *       runs create anything (the module registers the undoers of what it creates);</li>
 *   <li>its construct here, building the state machine with {@link dev.ferry.statemachines.FerryStateMachines}
 *       and its Lambda tasks with {@code FerryTasks} (and {@code RollbackBranch} for its Catches);</li>
 *   <li>its descriptor: a {@link dev.ferry.statemachines.FerryWorkflow.Provider} listed in
 *       {@code src/main/resources/META-INF/services/dev.ferry.statemachines.FerryWorkflow$Provider};</li>
 *   <li>then {@code ./mvnw -B -q -pl infra -am test -Dferry.updateAsl=true} writes its
 *       {@code asl/<name>.asl.json} and {@code .functions.json}; its input schema and example go to
 *       {@code events/schemas/<name>.schema.json} and {@code events/<name>.json}.</li>
 * </ol>
 * The control stack (functions, state machine, output {@code <constructId>StateMachineArn}, grants, cdk-nag
 * suppressions), the rollback workflow's dispatch, the schedule checks and the ASL snapshot find it through
 * {@link dev.ferry.statemachines.FerryWorkflows#all()}.
 */
package dev.ferry.statemachines;
