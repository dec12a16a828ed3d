using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace EcommerceLake.Cli.Operations;

/// <summary>
/// What a verb that requests a run does next, and its options: <c>--wait</c> (follow the run until it ends),
/// <c>--timeout</c> (with <c>--wait</c>, give up after this long; default 30 minutes) and <c>--json</c> (print the
/// API's JSON instead of tables). Shared by <c>lake run</c> and <c>lake run again</c>.
/// </summary>
internal sealed class RunFollowing
{
    private readonly Option<bool> _wait = new("--wait") { Description = "Follow the run until it ends." };

    private readonly Option<TimeSpan> _timeout = new("--timeout")
    {
        Description = "With --wait: give up after this long (hh:mm:ss).",
        DefaultValueFactory = _ => TimeSpan.FromMinutes(30),
    };

    private readonly Option<bool> _json = new("--json") { Description = "Print the API's JSON instead of tables." };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(_wait);
        command.Options.Add(_timeout);
        command.Options.Add(_json);
    }

    /// <summary>After a run was requested (<paramref name="requested"/>, the API's answer): prints its id (or the
    /// answer), or with <c>--wait</c> follows it until it ends and prints its table.</summary>
    /// <returns>0 requested (or, waited for, completed), 1 refused, failed or not answered in time.</returns>
    public async Task<int> FollowAsync(ParseResult parse, OperationsClient client, JsonElement requested,
        CancellationToken cancellationToken)
    {
        var runId = requested.GetProperty("runId").GetGuid();
        var json = parse.GetValue(_json);
        if (!parse.GetValue(_wait))
        {
            if (json) ApiCall.PrintJson(requested);
            else AnsiConsole.MarkupLine($"Run [bold]{runId}[/] requested; follow it with lake run show {runId}.");
            return 0;
        }
        var details = await RunProgress.WaitAsync(client, runId, parse.GetValue(_timeout), !json, cancellationToken);
        if (details is null) return 1;
        if (json) ApiCall.PrintJson(details.Value);
        else RunView.WriteRun(details.Value);
        return details.Value.GetProperty("run").GetProperty("state").GetString() == "Completed" ? 0 : 1;
    }
}
