using Spectre.Console;

namespace EcommerceLake.Cli.Operations;

/// <summary>
/// A run named on the command line: its whole id (a GUID, with or without hyphens), or the short id the dashboard
/// shows — the last 4 to 31 hex digits of the id, hyphens allowed as in the id (<c>a165-70867728950e</c>, copied
/// from a log line) — which is looked up among the latest runs.
/// </summary>
internal static class RunReference
{
    /// <summary>How many of the latest runs a short id is looked up in (the API may cap it lower:
    /// <c>Orchestrator:ListLimit</c>).</summary>
    public const int LookupLimit = 1_000;

    /// <summary>Whether <paramref name="text"/> can name a run: a GUID, or 4 to 31 hex digits (hyphens aside).
    /// </summary>
    public static bool IsValid(string? text) =>
        text is not null && (Guid.TryParse(text, out _) || IsShortId(text));

    /// <summary>
    /// The run <paramref name="text"/> names: the GUID itself, or the one run among the latest
    /// <see cref="LookupLimit"/> whose id (32 hex digits, lower case) ends with the short id. Null when no run or
    /// several runs end with it, after printing which (the verb then exits 1).
    /// </summary>
    /// <exception cref="OperationsApiException">Listing the runs was refused or failed.</exception>
    public static async Task<Guid?> ResolveAsync(OperationsClient client, string text,
        CancellationToken cancellationToken)
    {
        if (Guid.TryParse(text, out var runId)) return runId;
        var suffix = Digits(text).ToLowerInvariant();
        var runs = await client.ListRunsAsync(LookupLimit, null, null, cancellationToken);
        var matches = runs.EnumerateArray().Select(r => r.GetProperty("runId").GetGuid())
            .Where(id => id.ToString("N").EndsWith(suffix, StringComparison.Ordinal)).ToList();
        if (matches is [var only]) return only;
        AnsiConsole.MarkupLine(Markup.Escape(matches.Count == 0
            ? $"No run among the latest {runs.GetArrayLength()} has an id ending in {suffix}."
            : $"{matches.Count} runs have an id ending in {suffix}: {string.Join(", ", matches)}; name one in full."));
        return null;
    }

    private static bool IsShortId(string text) =>
        Digits(text) is { Length: >= 4 and <= 31 } digits && digits.All(char.IsAsciiHexDigit);

    private static string Digits(string text) => text.Replace("-", "", StringComparison.Ordinal);
}
