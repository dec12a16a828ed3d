using Xunit;

namespace EcommerceLake.Processing.Tests.Dataproc;

/// <summary>
/// A fact that needs a real Google Cloud project with Dataproc: it runs only when <c>LAKE_TEST_GCP_PROJECT</c>,
/// <c>LAKE_TEST_GCS_BUCKET</c> and <c>LAKE_TEST_DATAPROC_REGION</c> are set (credentials from application default
/// credentials, such as <c>GOOGLE_APPLICATION_CREDENTIALS</c>), and is skipped with the reason otherwise.
/// </summary>
public sealed class LiveDataprocFactAttribute : FactAttribute
{
    public LiveDataprocFactAttribute()
    {
        if (Project is null || Bucket is null || Region is null)
            Skip = "LAKE_TEST_GCP_PROJECT, LAKE_TEST_GCS_BUCKET and LAKE_TEST_DATAPROC_REGION are not all set: the live Dataproc test " +
                   "needs a Google Cloud project with dataproc.googleapis.com enabled (see the README, \"Dataproc\").";
    }

    public static string? Project => Variable("LAKE_TEST_GCP_PROJECT");
    public static string? Bucket => Variable("LAKE_TEST_GCS_BUCKET");
    public static string? Region => Variable("LAKE_TEST_DATAPROC_REGION");

    private static string? Variable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;
}
