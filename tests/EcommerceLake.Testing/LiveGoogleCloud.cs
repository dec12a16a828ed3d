using EcommerceLake.Google;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Testing;

/// <summary>
/// What the live Google Cloud tests share: the environment variables that enable them (<c>LAKE_TEST_GCP_PROJECT</c>,
/// <c>LAKE_TEST_GCS_BUCKET</c>, and one per service), the skip reason when some are missing, and a client with
/// application default credentials (<c>GOOGLE_APPLICATION_CREDENTIALS</c> or gcloud's) against Google's endpoints.
/// </summary>
public static class LiveGoogleCloud
{
    /// <summary>The variable holding the project id.</summary>
    public const string ProjectVariable = "LAKE_TEST_GCP_PROJECT";

    /// <summary>The variable holding the test bucket.</summary>
    public const string BucketVariable = "LAKE_TEST_GCS_BUCKET";

    /// <summary>The project id, or null.</summary>
    public static string? Project => Variable(ProjectVariable);

    /// <summary>The test bucket, or null.</summary>
    public static string? Bucket => Variable(BucketVariable);

    /// <summary>The variable's value, or null when unset or empty.</summary>
    public static string? Variable(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    /// <summary>Null when the project, the bucket and <paramref name="variables"/> are all set; else why the test is
    /// skipped.</summary>
    /// <param name="needs">What the test needs besides the variables, for the message.</param>
    /// <param name="variables">The service's own variables.</param>
    public static string? SkipReason(string needs, params string[] variables)
    {
        var missing = new[] { ProjectVariable, BucketVariable }.Concat(variables)
            .Where(v => Variable(v) is null).ToList();
        return missing.Count == 0
            ? null
            : $"{string.Join(", ", missing)} not set: this live test needs {needs} " +
                "(README, \"Cloud engines\", live tests).";
    }

    /// <summary>A client with application default credentials for <see cref="Project"/>, then
    /// <paramref name="configure"/>.</summary>
    public static GoogleApiClient Client(Action<GoogleCloudOptions>? configure = null)
    {
        var settings = new GoogleCloudOptions
        {
            ProjectId = Project, Authentication = GoogleAuthentication.ApplicationDefault,
        };
        configure?.Invoke(settings);
        var options = Options.Create(settings);
        return GoogleClients.Create(options);
    }
}
