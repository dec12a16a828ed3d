using System.ComponentModel.DataAnnotations;

namespace EcommerceLake.Ingestion.Connectors.Economics;

/// <summary>
/// Configuration section <c>Sources:Economics</c>: Banco Central do Brasil's SGS API (economic indicators). Every key
/// has a default, so a host without the section still starts.
/// </summary>
public sealed class EconomicsOptions : IValidatableObject
{
    /// <summary>Section name.</summary>
    public const string Section = "Sources:Economics";

    /// <summary><c>Sources:Economics:Enabled</c>: whether the source may be read. When false, an extraction of an
    /// economics stream fails with a message naming this key. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary><c>Sources:Economics:BaseUrl</c>: root of the SGS API (http or https). Default
    /// <c>https://api.bcb.gov.br/</c>.</summary>
    [Required, Url]
    public string BaseUrl { get; set; } = "https://api.bcb.gov.br/";

    /// <summary><c>Sources:Economics:StartDate</c>: first reference date read by a full extraction (<c>yyyy-MM-dd</c>).
    /// Default 2016-01-01.</summary>
    public DateOnly StartDate { get; set; } = new(2016, 1, 1);

    /// <summary>
    /// <c>Sources:Economics:Series:{stream}</c>: the SGS series code of a stream, overriding the spec's origin (for
    /// example <c>Sources:Economics:Series:usd_brl = 10813</c> for the buy rate). Default: the spec's origin
    /// (usd_brl 1, ipca 433, selic 432).
    /// </summary>
    public Dictionary<string, int> Series { get; set; } = new(StringComparer.Ordinal);

    /// <summary><c>Sources:Economics:MaxRetries</c>: retries of a request that failed transiently (network error,
    /// timeout, 408, 429, 5xx), 0 to 10. Default 3.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>
    /// <c>Sources:Economics:RetryDelay</c>: delay before the first retry, about doubled for each next one (with jitter)
    /// up to <see cref="MaxRetryDelay"/>; 0 to 5 minutes. Default 1 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// <c>Sources:Economics:MaxRetryDelay</c>: the cap of the back-off between retries, and the longest
    /// <c>Retry-After</c> (RFC 9110 §10.2.3) waited for: an answer asking for a longer wait is not retried. At least
    /// <see cref="RetryDelay"/>, up to 1 hour. Default 30 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// <c>Sources:Economics:RequestTimeout</c>: time limit of one attempt of an HTTP request, 1 s to 10 minutes.
    /// Default 100 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxRetryDelay < RetryDelay)
            yield return new ValidationResult(
                $"{Section}:{nameof(MaxRetryDelay)} ({MaxRetryDelay}) must be at least "
                + $"{Section}:{nameof(RetryDelay)} ({RetryDelay}).",
                [nameof(MaxRetryDelay), nameof(RetryDelay)]);
    }
}
