using EcommerceLake.Google;

namespace EcommerceLake.Testing.Fakes;

/// <summary>
/// Google Cloud settings and clients for tests against the fake services: project <c>lake-test</c>, no
/// <c>Authorization</c> header, fast retries and polls (milliseconds), every endpoint pointed at one fake.
/// </summary>
public static class TestGoogleCloud
{
    /// <summary>Project id used against the fakes.</summary>
    public const string ProjectId = "lake-test";

    /// <summary>Region used against the fakes.</summary>
    public const string Region = "europe-west1";

    /// <summary>Options with every endpoint at <paramref name="endpoint"/>, then
    /// <paramref name="configure"/>.</summary>
    public static GoogleCloudOptions Options(Uri endpoint, Action<GoogleCloudOptions>? configure = null)
    {
        var options = new GoogleCloudOptions
        {
            ProjectId = ProjectId,
            Region = Region,
            Authentication = GoogleAuthentication.None,
            StorageEndpoint = endpoint,
            BigQueryEndpoint = endpoint,
            DataprocEndpoint = endpoint,
            MaxAttempts = 4,
            RetryDelayMilliseconds = 5,
            MaxRetryDelayMilliseconds = 20,
            PollIntervalMilliseconds = 5,
            MaxPollIntervalMilliseconds = 25,
            RequestTimeoutSeconds = 30,
        };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>The configuration keys of <see cref="Options"/>, for hosts configured by settings.</summary>
    public static Dictionary<string, string?> Settings(Uri endpoint) => new()
    {
        ["GoogleCloud:ProjectId"] = ProjectId,
        ["GoogleCloud:Region"] = Region,
        ["GoogleCloud:Authentication"] = "None",
        ["GoogleCloud:StorageEndpoint"] = endpoint.ToString(),
        ["GoogleCloud:BigQueryEndpoint"] = endpoint.ToString(),
        ["GoogleCloud:DataprocEndpoint"] = endpoint.ToString(),
        ["GoogleCloud:RetryDelayMilliseconds"] = "5",
        ["GoogleCloud:MaxRetryDelayMilliseconds"] = "20",
        ["GoogleCloud:PollIntervalMilliseconds"] = "5",
        ["GoogleCloud:MaxPollIntervalMilliseconds"] = "25",
    };

    /// <summary>
    /// A client with <see cref="Options"/>, wired as the hosts wire it
    /// (<see cref="GoogleHttpResilience.AddGoogleApiClient"/>: the retry pipeline on <paramref name="time"/>, the
    /// system clock by default).
    /// </summary>
    public static GoogleApiClient Client(Uri endpoint, Action<GoogleCloudOptions>? configure = null,
        TimeProvider? time = null)
    {
        var options = Microsoft.Extensions.Options.Options.Create(Options(endpoint, configure));
        return GoogleClients.Create(options, time);
    }
}
