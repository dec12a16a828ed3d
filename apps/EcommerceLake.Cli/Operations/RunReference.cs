using System.Text.Json;
using EcommerceLake.Orchestrator.Runs;
using Spectre.Console;

namespace EcommerceLake.Cli.Operations;

/// <summary>
/// A run named on the command line: its whole id (a GUID, with or without hyphens), or the short id the dashboard
/// shows (<see cref="RunIdSuffix"/>: the last 4 to 31 hex digits of the id, hyphens allowed as in the id), which the
/// API looks up among every kept run and refused request.
/// </summary>
internal static class RunReference
{
    /// <summary>Whether <paramref name="text"/> can name a run: a GUID, or 4 to 31 hex digits (hyphens aside).
    /// </summary>
    public static bool IsValid(string? text) =>
        text is not null && (Guid.TryParse(text, out _) || RunIdSuffix.Normalize(text) is not null);

    /// <summary>
    /// The details (<c>GET /runs/{id}</c>) of the run <paramref name="text"/> names (<see cref="ResolveAsync"/>);
    /// null when no run or several answer to it, or the run is not known yet, after saying so (the verb exits 1).
    /// </summary>
    /// <exception cref="OperationsApiException">The lookup or the read was refused or failed.</exception>
    public static async Task<JsonElement?> GetRunAsync(OperationsClient client, string text,
        CancellationToken cancellationToken)
    {
        if (await ResolveAsync(client, text, cancellationToken) is not { } id) return null;
        var details = await client.GetRunAsync(id, cancellationToken);
        if (details is null) AnsiConsole.MarkupLine($"No run {id} is known (its request is not answered yet).");
        return details;
    }

    /// <summary>
    /// The run <paramref name="text"/> names: the GUID itself, or the one run or refused request whose id (32 hex
    /// digits, lower case) ends with the short id, as the API finds it among every kept run
    /// (<c>GET /runs/ids</c>). Null when none or several end with it, after printing which (the verb then exits 1).
    /// </summary>
    /// <exception cref="OperationsApiException">The lookup was refused or failed.</exception>
    /// <exception cref="ArgumentException"><paramref name="text"/> is not <see cref="IsValid"/>.</exception>
    public static async Task<Guid?> ResolveAsync(OperationsClient client, string text,
        CancellationToken cancellationToken)
    {
        if (Guid.TryParse(text, out var runId)) return runId;
        var suffix = RunIdSuffix.Normalize(text)
            ?? throw new ArgumentException($"'{text}' is not a run reference (see IsValid).", nameof(text));
        var matches = (await client.FindRunIdsAsync(suffix, cancellationToken)).EnumerateArray()
            .Select(id => id.GetGuid()).ToList();
        if (matches is [var only]) return only;
        AnsiConsole.MarkupLine(Markup.Escape(matches.Count == 0
            ? $"No run has an id ending in {suffix}."
            : $"{matches.Count} runs have an id ending in {suffix}: {string.Join(", ", matches)}; name one in full."));
        return null;
    }
}
