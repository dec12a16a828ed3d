using EcommerceLake.Testing;
using Xunit;

namespace EcommerceLake.Processing.Tests.Dataproc;

/// <summary>
/// A fact that needs a real Google Cloud project with Dataproc: it runs only when <c>LAKE_TEST_GCP_PROJECT</c>,
/// <c>LAKE_TEST_GCS_BUCKET</c> and <c>LAKE_TEST_DATAPROC_REGION</c> are set (application default credentials), and is
/// skipped with the reason otherwise.
/// </summary>
public sealed class LiveDataprocFactAttribute : FactAttribute
{
    public LiveDataprocFactAttribute() =>
        Skip = LiveGoogleCloud.SkipReason(
            "a project with dataproc.googleapis.com enabled", "LAKE_TEST_DATAPROC_REGION");

    public static string? Project => LiveGoogleCloud.Project;
    public static string? Bucket => LiveGoogleCloud.Bucket;
    public static string? Region => LiveGoogleCloud.Variable("LAKE_TEST_DATAPROC_REGION");
}
