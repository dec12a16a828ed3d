using Xunit;

namespace EcommerceLake.Warehouse.Tests.BigQuery;

/// <summary>
/// A fact that needs a real Google Cloud project: it runs only when <c>LAKE_TEST_GCP_PROJECT</c>, <c>LAKE_TEST_GCS_BUCKET</c>
/// and <c>LAKE_TEST_BIGQUERY_DATASET_PREFIX</c> are set (credentials from <c>GOOGLE_APPLICATION_CREDENTIALS</c> or gcloud's
/// application default credentials; <c>LAKE_TEST_BIGQUERY_LOCATION</c>, default <c>US</c>, must be the bucket's location),
/// and is skipped with the reason otherwise.
/// </summary>
public sealed class BigQueryLiveFactAttribute : FactAttribute
{
    public BigQueryLiveFactAttribute()
    {
        var missing = new[] { "LAKE_TEST_GCP_PROJECT", "LAKE_TEST_GCS_BUCKET", "LAKE_TEST_BIGQUERY_DATASET_PREFIX" }
            .Where(v => string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(v))).ToList();
        if (missing.Count > 0)
            Skip = $"{string.Join(", ", missing)} not set: the live BigQuery test needs a Google Cloud project with BigQuery enabled, " +
                   "a Cloud Storage bucket and a dataset prefix (see the README, \"BigQuery warehouse\").";
    }

    public static string Project => Environment.GetEnvironmentVariable("LAKE_TEST_GCP_PROJECT")!;

    public static string Bucket => Environment.GetEnvironmentVariable("LAKE_TEST_GCS_BUCKET")!;

    public static string DatasetPrefix => Environment.GetEnvironmentVariable("LAKE_TEST_BIGQUERY_DATASET_PREFIX")!;

    public static string Location => Environment.GetEnvironmentVariable("LAKE_TEST_BIGQUERY_LOCATION") is { Length: > 0 } l ? l : "US";
}
