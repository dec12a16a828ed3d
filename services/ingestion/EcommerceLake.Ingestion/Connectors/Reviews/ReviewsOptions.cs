using System.ComponentModel.DataAnnotations;
using EcommerceLake.Contracts;

namespace EcommerceLake.Ingestion.Connectors.Reviews;

/// <summary>
/// Configuration section <c>Sources:Reviews</c>: the review vendor's HTTP API and its OAuth 2.0 client credentials.
/// The client secret comes from <see cref="ClientSecret"/> or, better, a file named by <see cref="ClientSecretFile"/>;
/// it is never logged.
/// </summary>
public sealed class ReviewsOptions : IValidatableObject
{
    /// <summary>Section name.</summary>
    public const string Section = "Sources:Reviews";

    /// <summary><c>Sources:Reviews:BaseUrl</c>: root of the API (http or https), such as
    /// <c>https://api.vendor.example/</c>. Required.</summary>
    [Required, Url]
    public string BaseUrl { get; set; } = "";

    /// <summary><c>Sources:Reviews:TokenPath</c>: the OAuth 2.0 token endpoint, relative to <see cref="BaseUrl"/>.
    /// Default <c>oauth/token</c>.</summary>
    [Required]
    public string TokenPath { get; set; } = "oauth/token";

    /// <summary><c>Sources:Reviews:ClientId</c>: OAuth 2.0 client id. Required.</summary>
    [Required]
    public string ClientId { get; set; } = "";

    /// <summary><c>Sources:Reviews:ClientSecret</c>: the client secret itself (set this or
    /// <see cref="ClientSecretFile"/>).</summary>
    public string? ClientSecret { get; set; }

    /// <summary><c>Sources:Reviews:ClientSecretFile</c>: a file holding the client secret (surrounding white space is
    /// ignored), read for each token request.</summary>
    public string? ClientSecretFile { get; set; }

    /// <summary>
    /// <c>Sources:Reviews:PageSize</c>: reviews asked for per page (the <c>limit</c> query parameter), 1 to 5 000.
    /// Default 1 000: each page is a round trip, so small pages make a large backfill slow (100-row pages cost most of
    /// a ×10 run). Set it to the vendor's maximum when that is lower; a vendor answers a larger limit with 400.
    /// </summary>
    [Range(1, 5_000, ErrorMessage = "Sources:Reviews:PageSize must be between 1 and 5000.")]
    public int PageSize { get; set; } = 1_000;

    /// <summary><c>Sources:Reviews:MaxRetries</c>: retries of a request that failed transiently (network error,
    /// timeout, 408, 429, 5xx), 0 to 20. Default 3.</summary>
    [Range(0, 20)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>
    /// <c>Sources:Reviews:RetryDelay</c>: delay before the first retry, about doubled for each next one (exponential
    /// back-off with decorrelated jitter) up to <see cref="MaxRetryDelay"/>; 0 to 5 minutes. Default 1 s. A
    /// <c>Retry-After</c> the API sends takes the place of this delay.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// <c>Sources:Reviews:MaxRetryDelay</c>: the cap of the back-off between retries, and the longest
    /// <c>Retry-After</c> (RFC 9110 §10.2.3) the connector waits: a response asking for a longer wait is not retried,
    /// the page fails at once (the offset stays, the next run resumes). 0 to 1 hour. Default 30 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// <c>Sources:Reviews:OverlapWindow</c>: when the API invalidates a cursor (410 Gone, or 400 naming the cursor),
    /// paging restarts from the answer time of the last review landed minus this window, so reviews that arrived late
    /// with a slightly older timestamp are not lost; reviews already landed by the run are skipped. 0 to 1 day.
    /// Default 5 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan OverlapWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// <c>Sources:Reviews:MaxCursorRestarts</c>: restarts after an invalidated cursor allowed in a row without a new
    /// review landed in between; one more fails the extraction. 0 to 100. Default 5.
    /// </summary>
    [Range(0, 100)]
    public int MaxCursorRestarts { get; set; } = 5;

    /// <summary>
    /// <c>Sources:Reviews:RequestTimeout</c>: time limit of one attempt of an HTTP request, 1 s to 10 minutes.
    /// Default 100 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>The client secret, from <see cref="ClientSecret"/> or the file
    /// <see cref="ClientSecretFile"/>.</summary>
    /// <exception cref="SourceUnavailableException">The secret file cannot be read.</exception>
    public string ResolveClientSecret()
    {
        if (!string.IsNullOrEmpty(ClientSecret)) return ClientSecret;
        try
        {
            return File.ReadAllText(ClientSecretFile!).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SourceUnavailableException(
                $"The client secret file of {Section} cannot be read: {ex.Message}", ex,
                kind: FailureKind.Configuration);
        }
    }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var inline = !string.IsNullOrEmpty(ClientSecret);
        var file = !string.IsNullOrEmpty(ClientSecretFile);
        if (inline == file)
            yield return new ValidationResult(
                inline ? "Set either ClientSecret or ClientSecretFile, not both."
                : "Set ClientSecret or ClientSecretFile.",
                [nameof(ClientSecret), nameof(ClientSecretFile)]);
        else if (file && !File.Exists(ClientSecretFile))
            yield return new ValidationResult($"The file '{ClientSecretFile}' does not exist.",
                [nameof(ClientSecretFile)]);
        if (MaxRetryDelay < RetryDelay)
            yield return new ValidationResult(
                $"MaxRetryDelay ({MaxRetryDelay}) must be at least RetryDelay ({RetryDelay}).",
                    [nameof(MaxRetryDelay), nameof(RetryDelay)]);
    }
}
