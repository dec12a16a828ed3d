namespace EcommerceLake.Orchestrator.Runs;

/// <summary>
/// A run's short id: the last <see cref="MinDigits"/> to <see cref="MaxDigits"/> hex digits of its id, hyphens
/// allowed where the id has them (<c>a165-70867728950e</c>, copied from a log line). The dashboard shows the last 8.
/// The one rule for <c>GET /runs/ids</c>, <see cref="RunQueries.FindRunIdsEndingWithAsync"/> and the CLI.
/// </summary>
public static class RunIdSuffix
{
    /// <summary>Fewest digits a short id has.</summary>
    public const int MinDigits = 4;

    /// <summary>Most digits a short id has (32 would be the whole id).</summary>
    public const int MaxDigits = 31;

    /// <summary>The hex digits of <paramref name="text"/>, lower case, hyphens removed; null when it is not a short
    /// id.</summary>
    public static string? Normalize(string? text)
    {
        var digits = (text ?? "").Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
        return digits.Length is >= MinDigits and <= MaxDigits && digits.All(char.IsAsciiHexDigit) ? digits : null;
    }
}
