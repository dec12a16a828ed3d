using System.CommandLine;
using System.Text.Json;
using EcommerceLake.Orchestrator.Runs;
using Spectre.Console;

namespace EcommerceLake.Cli.Operations;

/// <summary>
/// <c>lake run …</c>, against any orchestrator (<see cref="ApiConnection"/>: <c>--api</c>, <c>--token</c> or
/// <c>--api-key</c>):
/// <list type="bullet">
/// <item><c>lake run [sources or source.stream…] [--full] [--wait] [--json]</c>: starts a run (every source when
/// none is named; a <c>source.stream</c> key runs that stream alone of its source);
/// with <c>--wait</c> shows its progress and ends with the per-stream table; exit 0 when requested (or, with
/// <c>--wait</c>, completed), 1 when refused or failed.</item>
/// <item><c>lake run show &lt;runId&gt; [--json]</c>: one run's per-stream table; exit 1 when unknown.</item>
/// <item><c>lake run cancel &lt;runId&gt; --reason "…"</c>: exit 0 when the cancel was accepted, 1 when the run is
/// unknown or already ended.</item>
/// <item><c>lake run again &lt;runId&gt; [--failed] [--wait] [--json]</c>: a new run of that run's sources or
/// streams, or with <c>--failed</c> of its failed streams alone (and full-snapshot choice); exits as <c>lake run</c>
/// does, 1 when <c>--failed</c> finds no failed stream.</item>
/// <item>All three take a run's whole id or the dashboard's short id (its last hex digits, <see cref="RunReference"/>);
/// a short id that matches no run or several exits 1 and says so.</item>
/// </list>
/// Every verb exits 2 when the API cannot be reached or refuses the caller (401, 403).
/// </summary>
public static class RunCommands
{
    /// <summary>The <c>run</c> command with its <c>show</c>, <c>cancel</c> and <c>again</c> verbs.</summary>
    public static Command Create()
    {
        var connection = new ApiConnection();
        var sources = new Argument<string[]>("sources")
        {
            Description = "Sources to run, or source.stream keys to run only those streams (default: every source).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var full = new Option<bool>("--full") { Description = "Full snapshot of every stream, whatever its offset." };
        var following = new RunFollowing();
        var run = new Command("run", "Start a run, or operate on one (show, cancel, again).") { sources, full };
        following.AddTo(run);
        connection.AddTo(run);
        run.SetAction((parse, cancellationToken) => ApiCall.RunAsync(async () =>
        {
            using var http = connection.CreateClient(parse);
            var client = new OperationsClient(http);
            var requested = await client.StartRunAsync(parse.GetValue(sources) ?? [], parse.GetValue(full),
                cancellationToken);
            return await following.FollowAsync(parse, client, requested, cancellationToken);
        }));
        run.Subcommands.Add(Show());
        run.Subcommands.Add(Cancel());
        run.Subcommands.Add(Again());
        return run;
    }

    /// <summary><c>lake run again &lt;runId&gt; [--wait] [--json]</c>: requests a new run of the same sources (or
    /// the streams it was narrowed to, <c>selectedStreams</c>), with the same full-snapshot choice, as an earlier run
    /// (ended, refused or still going), or with <c>--failed</c> of the streams that failed in it (Airflow's clearing
    /// the failed tasks); the new run reads from the committed offsets, as any run does.</summary>
    private static Command Again()
    {
        var connection = new ApiConnection();
        var runId = RunArgument("The run to repeat: its id or the dashboard's short id.");
        var failedOnly = new Option<bool>("--failed")
        {
            Description = "Only the streams that failed in that run (each reads on from its committed offset).",
        };
        var following = new RunFollowing();
        var again = new Command("again", "Start a new run of an earlier run's sources (Airflow's clear, Dagster's "
            + "re-execute).") { runId, failedOnly };
        following.AddTo(again);
        connection.AddTo(again);
        again.SetAction((parse, cancellationToken) => ApiCall.RunAsync(async () =>
        {
            using var http = connection.CreateClient(parse);
            var client = new OperationsClient(http);
            if (await RunReference.GetRunAsync(client, parse.GetValue(runId)!, cancellationToken) is not { } earlier)
                return 1;
            var run = earlier.GetProperty("run");
            var selected = run.TryGetProperty("selectedStreams", out var streams)
                && streams.ValueKind == JsonValueKind.Array ? streams : run.GetProperty("sources");
            var sources = selected.EnumerateArray().Select(s => s.GetString()!).ToList();
            if (parse.GetValue(failedOnly))
            {
                sources = earlier.GetProperty("streams").EnumerateArray()
                    .Where(s => s.GetProperty("status").GetString() == "Failed")
                    .Select(s => $"{s.GetProperty("source").GetString()}.{s.GetProperty("stream").GetString()}")
                    .ToList();
                if (sources.Count == 0)
                {
                    AnsiConsole.MarkupLine(
                        $"Run {Markup.Escape(run.GetProperty("runId").GetString()!)} has no failed stream.");
                    return 1;
                }
            }
            var requested = await client.StartRunAsync(sources, run.GetProperty("forceFull").GetBoolean(),
                cancellationToken);
            return await following.FollowAsync(parse, client, requested, cancellationToken);
        }));
        return again;
    }

    private static Command Show()
    {
        var connection = new ApiConnection();
        var runId = RunArgument("The run: its id (lake runs lists them) or the dashboard's short id.");
        var json = new Option<bool>("--json") { Description = "Print the API's JSON." };
        var show = new Command("show", "Show one run: state, trace id and the per-stream table.") { runId, json };
        connection.AddTo(show);
        show.SetAction((parse, cancellationToken) => ApiCall.RunAsync(async () =>
        {
            using var http = connection.CreateClient(parse);
            var client = new OperationsClient(http);
            if (await RunReference.GetRunAsync(client, parse.GetValue(runId)!, cancellationToken) is not { } details)
                return 1;
            if (parse.GetValue(json)) ApiCall.PrintJson(details);
            else RunView.WriteRun(details);
            return 0;
        }));
        return show;
    }

    private static Command Cancel()
    {
        var connection = new ApiConnection();
        var runId = RunArgument("The run to cancel: its id (lake runs lists them) or the dashboard's short id.");
        var reason = new Option<string>("--reason") { Description = "Why the run is cancelled.", Required = true };
        var cancel = new Command("cancel", "Cancel a running run: it ends Failed, leases released, cluster deleted.")
        {
            runId, reason,
        };
        connection.AddTo(cancel);
        cancel.SetAction((parse, cancellationToken) => ApiCall.RunAsync(async () =>
        {
            using var http = connection.CreateClient(parse);
            var client = new OperationsClient(http);
            if (await RunReference.ResolveAsync(client, parse.GetValue(runId)!, cancellationToken) is not { } id)
                return 1;
            var (accepted, message) = await client.CancelRunAsync(id, parse.GetValue(reason)!,
                cancellationToken);
            AnsiConsole.MarkupLine(accepted ? $"[green]{Markup.Escape(message)}[/]" : Markup.Escape(message));
            return accepted ? 0 : 1;
        }));
        return cancel;
    }

    /// <summary><c>lake runs [--state S] [--source X] [--limit N] [--json]</c>: the latest runs, newest first,
    /// narrowed to a state (<c>Running</c>, <c>BuildingMarts</c>, <c>Completed</c>, <c>Failed</c>) and a source.
    /// </summary>
    public static Command CreateList()
    {
        var connection = new ApiConnection();
        var limit = new Option<int>("--limit") { Description = "How many runs.", DefaultValueFactory = _ => 20 };
        var state = new Option<string?>("--state")
        {
            Description = "Only runs in this state: Running, BuildingMarts, Completed or Failed.",
        };
        var source = new Option<string?>("--source") { Description = "Only runs that read this source." };
        var json = new Option<bool>("--json") { Description = "Print the API's JSON." };
        var runs = new Command("runs", "List the latest runs.") { state, source, limit, json };
        connection.AddTo(runs);
        runs.SetAction((parse, cancellationToken) => ApiCall.RunAsync(async () =>
        {
            using var http = connection.CreateClient(parse);
            var filter = new RunFilter(parse.GetValue(state), parse.GetValue(source));
            var list = await new OperationsClient(http).ListRunsAsync(Math.Max(1, parse.GetValue(limit)), filter,
                cancellationToken);
            if (parse.GetValue(json)) ApiCall.PrintJson(list);
            else RunView.WriteRuns(list, filtered: !filter.IsEmpty);
            return 0;
        }));
        return runs;
    }

    private static Argument<string> RunArgument(string description)
    {
        var argument = new Argument<string>("runId") { Description = description };
        argument.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!RunReference.IsValid(value))
                result.AddError($"'{value}' is neither a run id nor the last {RunIdSuffix.MinDigits} to "
                    + $"{RunIdSuffix.MaxDigits} hex digits of one.");
        });
        return argument;
    }
}
