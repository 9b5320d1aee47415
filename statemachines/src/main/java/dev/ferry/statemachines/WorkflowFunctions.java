package dev.ferry.statemachines;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.services.lambda.IFunction;

/**
 * The functions a workflow's construct is given (pass the alias its state machine should invoke): its own, by
 * handler name, and those of the other workflows of the stack, for a construct that dispatches to them (the
 * rollback workflow invokes each workflow's {@link FerryWorkflow#ROLLBACK} function).
 */
public final class WorkflowFunctions {

    private final FerryWorkflow workflow;
    private final List<FerryWorkflow> workflows;
    private final Map<String, Map<String, IFunction>> functions;

    /**
     * @param workflow  the workflow being built
     * @param workflows every workflow of the stack, {@code workflow} included
     * @param functions by workflow name, then handler name: a function for every handler of every workflow
     */
    public WorkflowFunctions(FerryWorkflow workflow, List<FerryWorkflow> workflows,
                             Map<String, Map<String, IFunction>> functions) {
        this.workflow = workflow;
        this.workflows = List.copyOf(workflows);
        Map<String, Map<String, IFunction>> copy = new LinkedHashMap<>();
        functions.forEach((name, byHandler) -> copy.put(name, Map.copyOf(byHandler)));
        this.functions = copy;
        for (FerryWorkflow each : this.workflows) {
            for (FerryWorkflow.Handler handler : each.handlers()) {
                of(each.name(), handler.name()); // fails now, naming what is missing, rather than in a construct
            }
        }
        if (this.workflows.stream().noneMatch(w -> w.name().equals(workflow.name()))) {
            throw new IllegalArgumentException("WorkflowFunctions: workflow " + workflow.name()
                    + " is not one of the stack's workflows " + this.workflows.stream().map(FerryWorkflow::name).toList());
        }
    }

    /** The workflow being built. */
    public FerryWorkflow workflow() {
        return workflow;
    }

    /** This workflow's function for {@code handler}. @throws IllegalArgumentException naming its handlers */
    public IFunction get(String handler) {
        return of(workflow.name(), handler);
    }

    /** Workflow {@code workflowName}'s function for {@code handler}. @throws IllegalArgumentException naming what exists */
    public IFunction of(String workflowName, String handler) {
        Map<String, IFunction> byHandler = functions.get(workflowName);
        if (byHandler == null) {
            throw new IllegalArgumentException("No functions for workflow '" + workflowName + "'; the workflows are "
                    + functions.keySet());
        }
        IFunction function = byHandler.get(handler);
        if (function == null) {
            throw new IllegalArgumentException("Workflow " + workflowName + " has no function for handler '" + handler
                    + "'; its handlers are " + byHandler.keySet().stream().sorted().toList());
        }
        return function;
    }

    /** The workflows of the stack that have a handler named {@code handler}, sorted by name. */
    public List<FerryWorkflow> workflowsWith(String handler) {
        return workflows.stream().filter(w -> w.handler(handler).isPresent()).toList();
    }
}
