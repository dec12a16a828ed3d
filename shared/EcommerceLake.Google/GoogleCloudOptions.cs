using System.ComponentModel.DataAnnotations;

namespace EcommerceLake.Google;

/// <summary>
/// Configuration section <c>GoogleCloud</c>: the project, credentials and REST endpoints shared by the Cloud Storage,
/// Dataproc and BigQuery adapters. Endpoints default to Google's public ones; tests point them at fake HTTP services.
/// </summary>
public sealed class GoogleCloudOptions
{
    /// <summary>Section name.</summary>
    public const string Section = "GoogleCloud";

    /// <summary>OAuth 2.0 scope every adapter asks for (<c>cloud-platform</c>).</summary>
    public const string CloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";

    /// <summary><c>GoogleCloud:ProjectId</c>: the Google Cloud project id (not its number). Required.</summary>
    [Required]
    [RegularExpression("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", ErrorMessage =
        "must be a Google Cloud project id: 6 to 30 lower-case letters, digits or hyphens, starting with a letter.")]
    public string? ProjectId { get; set; }

    /// <summary><c>GoogleCloud:Region</c>: the region of the Dataproc clusters, for example <c>europe-west1</c>.
    /// Default <c>us-central1</c>.</summary>
    [Required]
    [RegularExpression("^[a-z]+-[a-z]+[0-9]+$", ErrorMessage = "must be a Google Cloud region such as europe-west1.")]
    public string Region { get; set; } = "us-central1";

    /// <summary>
    /// <c>GoogleCloud:Authentication</c>: how requests are authorized. <c>ApplicationDefault</c> (default: the
    /// <c>GOOGLE_APPLICATION_CREDENTIALS</c> key file, gcloud's user credentials or the metadata server),
    /// <c>ServiceAccountKeyFile</c> (the JSON key of <see cref="ServiceAccountKeyFile"/>) or <c>None</c> (no
    /// <c>Authorization</c> header: emulators and the tests' fake services).
    /// </summary>
    public GoogleAuthentication Authentication { get; set; } = GoogleAuthentication.ApplicationDefault;

    /// <summary><c>GoogleCloud:ServiceAccountKeyFile</c>: path of a service-account JSON key; required when
    /// <see cref="Authentication"/> is <c>ServiceAccountKeyFile</c>. The key is never logged.</summary>
    public string? ServiceAccountKeyFile { get; set; }

    /// <summary>
    /// <c>GoogleCloud:StorageEndpoint</c>: root URI of the Cloud Storage JSON API; the client library's base URI is
    /// <c>{StorageEndpoint}storage/v1/</c> and uploads go to <c>{StorageEndpoint}upload/storage/v1/</c>. Default
    /// <c>https://storage.googleapis.com/</c>.
    /// </summary>
    [Required]
    public Uri StorageEndpoint { get; set; } = new("https://storage.googleapis.com/");

    /// <summary><c>GoogleCloud:BigQueryEndpoint</c>: base URI of the BigQuery REST API. Default
    /// <c>https://bigquery.googleapis.com/</c>.</summary>
    [Required]
    public Uri BigQueryEndpoint { get; set; } = new("https://bigquery.googleapis.com/");

    /// <summary>
    /// <c>GoogleCloud:DataprocEndpoint</c>: base URI of the Dataproc REST API. Default: the regional endpoint
    /// <c>https://{Region}-dataproc.googleapis.com/</c>, which Dataproc requires for regional resources.
    /// </summary>
    public Uri? DataprocEndpoint { get; set; }

    /// <summary>
    /// <c>GoogleCloud:MaxAttempts</c>: attempts of one request on a transient failure (see
    /// <see cref="GoogleHttpResilience"/>: 408, 429, 500, 502, 503, 504, 403 rate-limit reasons, a dropped
    /// connection, an attempt time-out), 1 to 20; 1 turns retries off. Default 6.
    /// </summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 6;

    /// <summary><c>GoogleCloud:RetryDelayMilliseconds</c>: first back-off delay after a transient failure, doubled per
    /// attempt with jitter, 1 to 60 000 ms. Default 1 000.</summary>
    [Range(1, 60_000)]
    public int RetryDelayMilliseconds { get; set; } = 1_000;

    /// <summary>
    /// <c>GoogleCloud:MaxRetryDelayMilliseconds</c>: cap of the back-off delay, and of the wait a <c>Retry-After</c>
    /// header asks for, ms. Default 32 000 (Google's recommended truncated exponential back-off).
    /// </summary>
    [Range(1, 600_000)]
    public int MaxRetryDelayMilliseconds { get; set; } = 32_000;

    /// <summary><c>GoogleCloud:PollIntervalMilliseconds</c>: first wait between two polls of a long-running operation
    /// or job, grown ×1.5 per poll, ms. Default 2 000.</summary>
    [Range(1, 600_000)]
    public int PollIntervalMilliseconds { get; set; } = 2_000;

    /// <summary><c>GoogleCloud:MaxPollIntervalMilliseconds</c>: cap of the wait between two polls, ms. Default 30
    /// 000.</summary>
    [Range(1, 600_000)]
    public int MaxPollIntervalMilliseconds { get; set; } = 30_000;

    /// <summary>
    /// <c>GoogleCloud:RequestTimeoutSeconds</c>: time limit of one attempt of an HTTP request, until the answer's
    /// headers arrive, seconds. Default 300.
    /// </summary>
    [Range(1, 3_600)]
    public int RequestTimeoutSeconds { get; set; } = 300;

    /// <summary>The Dataproc base URI: <see cref="DataprocEndpoint"/> or the regional default.</summary>
    public Uri DataprocBaseUri => DataprocEndpoint ?? new Uri($"https://{Region}-dataproc.googleapis.com/");

    /// <summary>The polling settings: <see cref="PollIntervalMilliseconds"/> grown ×1.5 per poll, capped at
    /// <see cref="MaxPollIntervalMilliseconds"/>.</summary>
    public DelaySchedule PollBackoff =>
        new(TimeSpan.FromMilliseconds(PollIntervalMilliseconds), TimeSpan.FromMilliseconds(MaxPollIntervalMilliseconds),
            1.5);
}
