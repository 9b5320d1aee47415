package dev.ferry.quicksight.migration;

import dev.ferry.core.aws.AwsCalls;
import dev.ferry.core.aws.Side;
import dev.ferry.core.runtime.Dependencies;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.quicksight.QuickSightClient;
import software.amazon.awssdk.services.quicksight.model.ConflictException;
import software.amazon.awssdk.services.quicksight.model.DataSet;
import software.amazon.awssdk.services.quicksight.model.DataSetSummary;
import software.amazon.awssdk.services.quicksight.model.DataSource;
import software.amazon.awssdk.services.quicksight.model.ListDataSetsResponse;
import software.amazon.awssdk.services.quicksight.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The QuickSight, IAM and STS calls the workflow shares, every one through {@link AwsCalls} with the clients of
 * {@link dev.ferry.core.aws.ClientFactory} (so tests and {@code ferry demo} plug fakes in there).
 */
final class QuickSightApi {
    private final Dependencies deps;
    private final AwsCalls calls;

    QuickSightApi(Dependencies deps) {
        this.deps = deps;
        this.calls = deps.calls();
    }

    AwsCalls calls() {
        return calls;
    }

    QuickSightClient qs(Side side) {
        return deps.clients().client(side, QuickSightClient.class, QuickSightClient::builder);
    }

    IamClient iam(Side side) {
        return deps.clients().client(side, IamClient.class, IamClient::builder);
    }

    StsClient sts(Side side) {
        return deps.clients().client(side, StsClient.class, StsClient::builder);
    }

    /**
     * The call through {@link AwsCalls}; a {@code ConflictException} (409: the resource is still being created or
     * changed, e.g. a second create or an update while a dataset or data source is CREATION_IN_PROGRESS) is waited
     * out with the same backoff and tried again (core's one retry helper), and when it outlasts the attempts it becomes
     * a {@link dev.ferry.core.errors.RetryBudgetExhaustedException}, a transient error the state machine retries.
     */
    <T> T call(String what, Supplier<T> call) {
        return calls.call(what, "QuickSight answered ConflictException: the resource is still being created or changed; if "
                + "this persists, look at it in the QuickSight console.", ConflictException.class::isInstance, call);
    }

    /** The call's result, or empty when QuickSight answers ResourceNotFoundException. */
    <T> Optional<T> find(String what, Supplier<T> call) {
        try {
            return Optional.ofNullable(calls.call(what, call));
        } catch (ResourceNotFoundException missing) {
            return Optional.empty();
        }
    }

    Optional<DataSource> dataSource(Side side, String account, String id) {
        return find("DescribeDataSource " + id, () -> qs(side).describeDataSource(b -> b.awsAccountId(account).dataSourceId(id)).dataSource());
    }

    Optional<DataSet> dataSet(Side side, String account, String id) {
        return find("DescribeDataSet " + id, () -> qs(side).describeDataSet(b -> b.awsAccountId(account).dataSetId(id)).dataSet());
    }

    /** Every dataset of the account, following NextToken. */
    List<DataSetSummary> listDataSets(Side side, String account) {
        return pages(token -> call("ListDataSets in " + account, () -> qs(side).listDataSets(b -> b.awsAccountId(account)
                .nextToken(token).maxResults(100))), ListDataSetsResponse::dataSetSummaries, ListDataSetsResponse::nextToken);
    }

    static <R, T> List<T> pages(Function<String, R> page, Function<R, List<T>> items, Function<R, String> next) {
        List<T> out = new ArrayList<>();
        String token = null;
        do {
            R response = page.apply(token);
            out.addAll(items.apply(response));
            token = next.apply(response);
        } while (token != null && !token.isEmpty());
        return out;
    }
}
