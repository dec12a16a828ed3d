using EcommerceLake.Contracts;
using EcommerceLake.Warehouse.BigQuery;
using EcommerceLake.Warehouse.Consumers;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Warehouse.Tests.Consumers;

/// <summary><see cref="WarehouseFailureClassifier"/> on BigQuery's error reasons
/// (https://cloud.google.com/bigquery/docs/error-messages).</summary>
public sealed class When_a_bigquery_job_failure_is_classified
{
    private static FailureKind? Classify(string reason, string message) =>
        new WarehouseFailureClassifier().Classify(
            new BigQueryJobException("lake_job", reason, message, null, null, null));

    [Fact]
    public void Should_retry_a_transaction_aborted_by_a_concurrent_update_and_no_other_invalid_query()
    {
        Classify("invalidQuery", "Query error: Transaction is aborted due to concurrent update against table " +
            "lake-test:marts.order_lines.").Should().Be(FailureKind.Transient);
        Classify("invalidQuery", "Query error: Bad double value: n/a").Should().Be(FailureKind.Internal);
        Classify("backendError", "try again").Should().Be(FailureKind.Transient);
        Classify("invalid", "CSV table encountered too many errors").Should().Be(FailureKind.SourceData);
    }
}
