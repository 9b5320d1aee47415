package dev.ferry.local.cli;

import dev.ferry.core.json.Json;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.MapRunItemCounts;

/**
 * Follows a deployed execution to its end, however long it runs: polls DescribeExecution (backing
 * off from half a second to 5 s), shows the state it is in from the newest history events, and
 * Distributed Map progress from DescribeMapRun.
 */
final class ExecutionFollower {
    private static final Duration FIRST_POLL = Duration.ofMillis(500);
    private static final Duration MAX_POLL = Duration.ofSeconds(5);
    private static final int RECENT_EVENTS = 25;

    private final SfnClient sfn;
    private final ProgressPrinter progress;
    private final Sleeper sleeper;
    private String currentState;

    ExecutionFollower(SfnClient sfn, ProgressPrinter progress, Sleeper sleeper) {
        this.sfn = sfn;
        this.progress = progress;
        this.sleeper = sleeper;
    }

    /** @return {@link ExitCodes#OK} when the execution succeeds, {@link ExitCodes#EXECUTION_FAILED} otherwise */
    int follow(String executionArn, PrintWriter out, PrintWriter err) throws InterruptedException {
        Duration wait = FIRST_POLL;
        while (true) {
            DescribeExecutionResponse execution = sfn.describeExecution(b -> b.executionArn(executionArn));
            if (execution.status() != ExecutionStatus.RUNNING && execution.status() != ExecutionStatus.PENDING_REDRIVE) {
                return finish(execution, out, err);
            }
            showProgress(executionArn);
            sleeper.sleep(wait);
            wait = wait.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : wait.multipliedBy(2);
        }
    }

    private void showProgress(String executionArn) {
        var events = sfn.getExecutionHistory(b -> b.executionArn(executionArn).reverseOrder(true).maxResults(RECENT_EVENTS)).events();
        for (HistoryEvent event : events) {
            if (event.mapRunStartedEventDetails() != null) {
                MapRunItemCounts counts = sfn.describeMapRun(b -> b.mapRunArn(event.mapRunStartedEventDetails().mapRunArn())).itemCounts();
                long done = counts.succeeded() + counts.failed() + counts.timedOut() + counts.aborted();
                progress.mapProgress(currentState == null ? "Map" : currentState, (int) done, counts.total().intValue());
                return;
            }
            if (event.stateEnteredEventDetails() != null) {
                String name = event.stateEnteredEventDetails().name();
                if (!name.equals(currentState)) {
                    currentState = name;
                    progress.stateSeen(name);
                }
                return;
            }
        }
    }

    private int finish(DescribeExecutionResponse execution, PrintWriter out, PrintWriter err) {
        Instant stop = execution.stopDate() == null ? Instant.now() : execution.stopDate();
        progress.finished(execution.statusAsString(), Duration.between(execution.startDate(), stop), null);
        if (execution.status() == ExecutionStatus.SUCCEEDED) {
            out.println(execution.output() == null ? "null" : Json.pretty(Json.parse(execution.output())));
            out.flush();
            return ExitCodes.OK;
        }
        err.println("error: " + execution.error());
        err.println("cause: " + execution.cause());
        err.flush();
        return ExitCodes.EXECUTION_FAILED;
    }
}
