package dev.ferry.statemachines;

/** A second descriptor named dynamodb-table-copy (listed only under test resources/duplicate-workflows/). */
public final class DuplicateCopyDescriptor implements FerryWorkflow.Provider {

    @Override
    public FerryWorkflow workflow() {
        return TestStacks.workflow(DynamoDbTableCopyWorkflow.WORKFLOW, "DynamoDbTableCopy");
    }
}
