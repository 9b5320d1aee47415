package dev.ferry.quicksight.migration;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What Foundation did (the state's output, and the artefacts file's first lines).
 *
 * @param runId the run id
 * @param dataSourceArn the destination data source
 * @param dataSourceAction CREATED, UPDATED, UNCHANGED or ADOPTED
 * @param groupArn the destination group
 * @param userArn the destination principal's QuickSight user
 * @param inlinePolicies the inline policies on QuickSight's service roles ({@code role/policy})
 * @param polls checks of the data source so far (the state machine's loop counts them)
 * @param notes what was found in place and kept
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FoundationResult(String runId, String dataSourceArn, String dataSourceAction, String groupArn, String userArn,
                               List<String> inlinePolicies, int polls, List<String> notes) {
}
