using EcommerceLake.Contracts;
using EcommerceLake.Hosting.Steps;
using EcommerceLake.Warehouse.BigQuery;
using EcommerceLake.Warehouse.Checks;

namespace EcommerceLake.Warehouse.Consumers;

/// <summary>
/// The warehouse service's failure rules, asked before the common ones (PostgreSQL errors are classified there):
/// a <see cref="BigQueryJobException"/> whose reason
/// (https://cloud.google.com/bigquery/docs/error-messages) is <c>backendError</c>, <c>internalError</c>,
/// <c>rateLimitExceeded</c>, <c>jobRateLimitExceeded</c>, <c>quotaExceeded</c> or <c>timeout</c> is transient, and so
/// is a transaction aborted "due to concurrent update" (reason <c>invalidQuery</c>), which BigQuery asks to retry
/// (https://cloud.google.com/bigquery/docs/transactions#transaction_concurrency);
/// <c>accessDenied</c>, <c>notFound</c> and <c>billingNotEnabled</c> are configuration; <c>invalid</c>
/// (a raw batch BigQuery cannot load or cast) is source data; any other reason is internal. A failed <c>error</c>
/// data-quality check (<see cref="DataCheckFailedException"/>) is source data.
/// </summary>
public sealed class WarehouseFailureClassifier : IFailureClassifier
{
    /// <inheritdoc />
    public FailureKind? Classify(Exception exception) => exception is DataCheckFailedException
        ? FailureKind.SourceData
        : exception is BigQueryJobException job
        ? job.Reason switch
        {
            "invalidQuery" when job.GoogleMessage.Contains("concurrent update", StringComparison.OrdinalIgnoreCase)
                => FailureKind.Transient,
            "backendError" or "internalError" or "rateLimitExceeded" or "jobRateLimitExceeded" or "quotaExceeded"
                or "timeout" => FailureKind.Transient,
            "accessDenied" or "notFound" or "billingNotEnabled" => FailureKind.Configuration,
            "invalid" => FailureKind.SourceData,
            _ => FailureKind.Internal,
        }
        : null;
}
