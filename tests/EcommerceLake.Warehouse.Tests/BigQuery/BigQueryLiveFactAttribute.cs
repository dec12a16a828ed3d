using EcommerceLake.Testing;
using Xunit;

namespace EcommerceLake.Warehouse.Tests.BigQuery;

/// <summary>
/// A fact that needs a real Google Cloud project: it runs only when <c>LAKE_TEST_GCP_PROJECT</c>,
/// <c>LAKE_TEST_GCS_BUCKET</c> and <c>LAKE_TEST_BIGQUERY_DATASET_PREFIX</c> are set (application default credentials;
/// <c>LAKE_TEST_BIGQUERY_LOCATION</c>, default <c>US</c>, must be the bucket's location), and is skipped with the
/// reason otherwise.
/// </summary>
public sealed class BigQueryLiveFactAttribute : FactAttribute
{
    public BigQueryLiveFactAttribute() =>
        Skip = LiveGoogleCloud.SkipReason("a project with BigQuery enabled and a dataset prefix",
            "LAKE_TEST_BIGQUERY_DATASET_PREFIX");

    public static string Project => LiveGoogleCloud.Project!;

    public static string Bucket => LiveGoogleCloud.Bucket!;

    public static string DatasetPrefix => LiveGoogleCloud.Variable("LAKE_TEST_BIGQUERY_DATASET_PREFIX")!;

    public static string Location => LiveGoogleCloud.Variable("LAKE_TEST_BIGQUERY_LOCATION") ?? "US";
}
