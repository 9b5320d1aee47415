package dev.ferry.quicksight.migration;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The artefacts file: the earlier tool's format (its five keys, so scripts that read it keep working) plus
 * what Ferry adds (the run id to clean up with, the dashboards and analyses, where the report is). Kept in
 * step with the ledger: written after the foundation, after the datasets and at the report, and removed
 * (or put back as it was) by rollback.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Artefacts(
        @JsonProperty("destination_role_arn") String destinationRoleArn,
        @JsonProperty("destination_datasource_arn") String destinationDataSourceArn,
        @JsonProperty("group_arn") String groupArn,
        @JsonProperty("datasets_arns") List<String> dataSetArns,
        @JsonProperty("datasets_defs_path") String dataSetDefinitionsPath,
        @JsonProperty("ferry_run_id") String runId,
        @JsonProperty("ferry_workflow") String workflow,
        @JsonProperty("ferry_status") String status,
        @JsonProperty("region") String region,
        @JsonProperty("source_account_id") String sourceAccountId,
        @JsonProperty("destination_account_id") String destinationAccountId,
        @JsonProperty("user_arn") String userArn,
        @JsonProperty("dashboards_arns") List<String> dashboardArns,
        @JsonProperty("analyses_arns") List<String> analysisArns,
        @JsonProperty("inline_policies") List<String> inlinePolicies,
        @JsonProperty("report_uri") String reportUri,
        @JsonProperty("cleanup") String cleanup) {
}
