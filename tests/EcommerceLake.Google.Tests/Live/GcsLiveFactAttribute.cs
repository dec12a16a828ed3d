using EcommerceLake.Testing;
using Xunit;

namespace EcommerceLake.Google.Tests.Live;

/// <summary>
/// A fact that needs a real Cloud Storage bucket: it runs only when <c>LAKE_TEST_GCP_PROJECT</c> and
/// <c>LAKE_TEST_GCS_BUCKET</c> are set (application default credentials), and is skipped with the reason otherwise.
/// </summary>
public sealed class GcsLiveFactAttribute : FactAttribute
{
    public GcsLiveFactAttribute() =>
        Skip = LiveGoogleCloud.SkipReason(
            "a Cloud Storage bucket the application default credentials may write (roles/storage.objectAdmin)");

    public static string? Project => LiveGoogleCloud.Project;

    public static string? Bucket => LiveGoogleCloud.Bucket;
}
