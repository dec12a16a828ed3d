using Xunit;

namespace EcommerceLake.Google.Tests.Live;

/// <summary>
/// A fact that needs a real Cloud Storage bucket: it runs only when <c>LAKE_TEST_GCP_PROJECT</c> and
/// <c>LAKE_TEST_GCS_BUCKET</c> are set (credentials: application default credentials, e.g.
/// <c>GOOGLE_APPLICATION_CREDENTIALS</c>), and is skipped with the reason otherwise.
/// </summary>
public sealed class GcsLiveFactAttribute : FactAttribute
{
    /// <summary>The environment variable holding the project id.</summary>
    public const string ProjectVariable = "LAKE_TEST_GCP_PROJECT";

    /// <summary>The environment variable holding the bucket name.</summary>
    public const string BucketVariable = "LAKE_TEST_GCS_BUCKET";

    public GcsLiveFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Project) || string.IsNullOrWhiteSpace(Bucket))
            Skip = $"{ProjectVariable} and {BucketVariable} are not set: this test needs a Cloud Storage bucket the application default " +
                   "credentials may write (roles/storage.objectAdmin on the bucket; see the README, \"Cloud Storage lake\").";
    }

    public static string? Project => Environment.GetEnvironmentVariable(ProjectVariable);

    public static string? Bucket => Environment.GetEnvironmentVariable(BucketVariable);
}
