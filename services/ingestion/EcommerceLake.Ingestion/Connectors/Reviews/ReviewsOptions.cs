using System.ComponentModel.DataAnnotations;

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

    /// <summary><c>Sources:Reviews:BaseUrl</c>: root of the API (http or https), such as <c>https://api.vendor.example/</c>. Required.</summary>
    [Required, Url]
    public string BaseUrl { get; set; } = "";

    /// <summary><c>Sources:Reviews:TokenPath</c>: the OAuth 2.0 token endpoint, relative to <see cref="BaseUrl"/>. Default <c>oauth/token</c>.</summary>
    [Required]
    public string TokenPath { get; set; } = "oauth/token";

    /// <summary><c>Sources:Reviews:ClientId</c>: OAuth 2.0 client id. Required.</summary>
    [Required]
    public string ClientId { get; set; } = "";

    /// <summary><c>Sources:Reviews:ClientSecret</c>: the client secret itself (set this or <see cref="ClientSecretFile"/>).</summary>
    public string? ClientSecret { get; set; }

    /// <summary><c>Sources:Reviews:ClientSecretFile</c>: a file holding the client secret (surrounding white space is ignored), read for each token request.</summary>
    public string? ClientSecretFile { get; set; }

    /// <summary><c>Sources:Reviews:PageSize</c>: reviews asked for per page, 1 to 500. Default 100.</summary>
    [Range(1, 500)]
    public int PageSize { get; set; } = 100;

    /// <summary><c>Sources:Reviews:MaxRetries</c>: retries of a request that failed transiently (network error, timeout, 408, 429, 5xx), 0 to 10. Default 3.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary><c>Sources:Reviews:RetryDelay</c>: delay before the first retry, doubled for each next one (with jitter), up to 5 minutes. Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary><c>Sources:Reviews:RequestTimeout</c>: timeout of one HTTP request, 1 s to 10 minutes. Default 100 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>The client secret, from <see cref="ClientSecret"/> or the file <see cref="ClientSecretFile"/>.</summary>
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
            throw new SourceUnavailableException($"The client secret file of {Section} cannot be read: {ex.Message}", ex);
        }
    }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var inline = !string.IsNullOrEmpty(ClientSecret);
        var file = !string.IsNullOrEmpty(ClientSecretFile);
        if (inline == file)
            yield return new ValidationResult(
                inline ? "Set either ClientSecret or ClientSecretFile, not both." : "Set ClientSecret or ClientSecretFile.",
                [nameof(ClientSecret), nameof(ClientSecretFile)]);
        else if (file && !File.Exists(ClientSecretFile))
            yield return new ValidationResult($"The file '{ClientSecretFile}' does not exist.", [nameof(ClientSecretFile)]);
    }
}
