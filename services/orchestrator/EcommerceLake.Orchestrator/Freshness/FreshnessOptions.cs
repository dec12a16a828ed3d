using System.ComponentModel.DataAnnotations;

namespace EcommerceLake.Orchestrator.Freshness;

/// <summary>
/// Configuration section <c>Freshness</c>: how often each stream's data is expected. A stream's cadence is
/// <c>Freshness:Streams:{source.stream}</c>, else <c>Freshness:Sources:{source}</c>, else
/// <c>Freshness:DefaultExpectedEvery</c>. Values are TimeSpans (<c>d.hh:mm:ss</c>), between one minute and 365 days.
/// </summary>
public sealed class FreshnessOptions : IValidatableObject
{
    /// <summary>Section name.</summary>
    public const string Section = "Freshness";

    private static readonly TimeSpan Min = TimeSpan.FromMinutes(1), Max = TimeSpan.FromDays(365);

    /// <summary>
    /// <c>Freshness:Sources</c>: cadence per source. Defaults: <c>marketplace</c> 01:00:00 (an OLTP database takes
    /// orders all day), <c>reviews</c> 06:00:00 (the review vendor's feed), <c>files</c> 1.02:00:00 (partners drop
    /// their files daily; two hours of grace), <c>economics</c> 4.00:00:00 (Banco Central publishes on business
    /// days; a long weekend passes without data). Configuration adds to or overrides these.
    /// </summary>
    public Dictionary<string, TimeSpan> Sources { get; set; } = new(StringComparer.Ordinal)
    {
        ["marketplace"] = TimeSpan.FromHours(1),
        ["reviews"] = TimeSpan.FromHours(6),
        ["files"] = TimeSpan.FromHours(26),
        ["economics"] = TimeSpan.FromDays(4),
    };

    /// <summary><c>Freshness:Streams</c>: cadence per stream, keyed <c>source.stream</c>; overrides the source's.
    /// </summary>
    public Dictionary<string, TimeSpan> Streams { get; set; } = new(StringComparer.Ordinal);

    /// <summary><c>Freshness:DefaultExpectedEvery</c>: cadence of sources not named above. Default 1.00:00:00.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00",
        ErrorMessage = "Freshness:DefaultExpectedEvery must be between 00:01:00 and 365.00:00:00.")]
    public TimeSpan DefaultExpectedEvery { get; set; } = TimeSpan.FromDays(1);

    /// <summary><c>Freshness:CheckInterval</c>: how often freshness is checked. Default 00:01:00.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00",
        ErrorMessage = "Freshness:CheckInterval must be between 00:00:01 and 1.00:00:00.")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The cadence of <paramref name="source"/>.<paramref name="stream"/> (see the type's summary).</summary>
    public TimeSpan ExpectedEvery(string source, string stream) =>
        Streams.TryGetValue($"{source}.{stream}", out var own) ? own
        : Sources.TryGetValue(source, out var bySource) ? bySource
        : DefaultExpectedEvery;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (section, values) in new[] { ("Sources", Sources), ("Streams", Streams) })
        {
            foreach (var (key, value) in values)
            {
                if (value < Min || value > Max)
                    yield return new ValidationResult(
                        $"Freshness:{section}:{key} must be between 00:01:00 and 365.00:00:00 (it is {value}).",
                        [section]);
            }
        }
    }
}
