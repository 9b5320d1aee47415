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
    /** Polls in a row that may fail (about 5 minutes at one poll every 5 s) before giving up. */
    private static final int MAX_FAILED_POLLS = 60;

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
        int failedPolls = 0;
        while (true) {
            DescribeExecutionResponse execution;
            try {
                execution = sfn.describeExecution(b -> b.executionArn(executionArn));
                failedPolls = 0;
            } catch (software.amazon.awssdk.core.exception.SdkException e) {
                // a long run outlives a network blip or a burst of throttling: keep following it
                if (++failedPolls > MAX_FAILED_POLLS) {
                    throw new CliException("lost track of execution " + executionArn + " after " + failedPolls
                            + " failed polls (" + e.getMessage() + "); it may still be running: see the Step Functions "
                            + "console, or follow it again later");
                }
                err.println("ferry: could not poll the execution (" + e.getClass().getSimpleName() + "); trying again");
                sleeper.sleep(MAX_POLL);
                continue;
            }
            if (execution.status() != ExecutionStatus.RUNNING && execution.status() != ExecutionStatus.PENDING_REDRIVE) {
                return finish(execution, out, err);
            }
            try {
                showProgress(executionArn);
            } catch (software.amazon.awssdk.core.exception.SdkException e) {
                // progress is a nicety; only the execution's status decides the outcome
            }
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
