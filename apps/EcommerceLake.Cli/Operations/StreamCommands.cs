using System.CommandLine;
using System.Text.Json;
using EcommerceLake.Streams;
using Spectre.Console;

namespace EcommerceLake.Cli.Operations;

/// <summary>
/// <c>lake stream …</c>: stream control of a running deployment through the orchestrator's operations API, without a
/// spec edit or a redeploy. <c>lake stream list [--json]</c> prints every stream with its switches and freshness
/// (viewer role); <c>lake stream pause|resume|force-full &lt;source.stream&gt; --reason "…" [--json]</c> sets a switch,
/// audited under the caller's principal (operator role). Every verb takes <c>--api</c>, <c>--token</c> and
/// <c>--api-key</c> (<see cref="ApiConnection"/>). Exit codes (<see cref="ApiCall"/>): 0 done, 1 refused (unknown
/// stream, missing reason), 2 the API could not be reached or refused the caller (401/403).
/// </summary>
public static class StreamCommands
{
    /// <summary>The <c>stream</c> command with its <c>list</c>, <c>pause</c>, <c>resume</c> and <c>force-full</c>
    /// verbs.</summary>
    public static Command Create() =>
        new("stream", "Pause, resume or force a full read of one stream; list streams.")
        {
            List(),
            Control("pause", "Runs skip the stream from the next run on (shown as Paused); its offset is kept."),
            Control("resume", "Runs take the stream again, from its offset."),
            Control("force-full", "The next run that loads the stream reads it whole, whatever its offset."),
        };

    private static Command Control(string action, string description)
    {
        var connection = new ApiConnection();
        var key = new Argument<string>("stream")
        {
            Description = "The stream, as source.stream or source/stream (lake stream list).",
        };
        key.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (Split(value) is null)
                result.AddError($"'{value}' is not source.stream, for example files.sellers.");
        });
        var reason = new Option<string>("--reason") { Description = "Why (recorded in the audit).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the API's answer as JSON." };
        var command = new Command(action, description) { key, reason, json };
        connection.AddTo(command);
        command.SetAction((parse, cancellationToken) => ApiCall.RunAsync(async () =>
        {
            var (source, stream) = Split(parse.GetValue(key))!.Value;
            using var http = connection.CreateClient(parse);
            var answer = await new OperationsClient(http).ControlStreamAsync(source, stream, action,
                parse.GetValue(reason)!, cancellationToken);
            if (parse.GetValue(json))
            {
                ApiCall.PrintJson(answer);
                return 0;
            }
            var by = answer.GetProperty("audit").GetProperty("requestedBy").GetString();
            AnsiConsole.MarkupLine("[green]" + Markup.Escape(action switch
            {
                "pause" => $"{source}.{stream} is paused: runs skip it from the next run on; its offset is kept.",
                "resume" => $"{source}.{stream} is resumed: the next run takes it again from its offset.",
                _ => $"The next run of {source} reads {source}.{stream} whole.",
            }) + $"[/] (recorded as by {Markup.Escape(by ?? "?")})");
            return 0;
        }));
        return command;
    }

    private static Command List()
    {
        var connection = new ApiConnection();
        var json = new Option<bool>("--json") { Description = "Print the API's JSON." };
        var command = new Command("list", "Every stream: paused, full run asked for, freshness and lag.") { json };
        connection.AddTo(command);
        command.SetAction((parse, cancellationToken) => ApiCall.RunAsync(async () =>
        {
            using var http = connection.CreateClient(parse);
            var streams = await new OperationsClient(http).ListStreamsAsync(cancellationToken);
            if (parse.GetValue(json))
            {
                ApiCall.PrintJson(streams);
                return 0;
            }
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumns("Stream", "Paused", "Full next", "Freshness", "Age", "Lag", "Expected every");
            foreach (var s in streams.EnumerateArray())
            {
                var f = s.GetProperty("freshness");
                table.AddRow(Markup.Escape($"{s.GetProperty("source")}.{s.GetProperty("stream")}"),
                    s.GetProperty("paused").GetBoolean() ? "yes" : "",
                    s.GetProperty("forceFull").GetBoolean() ? "yes" : "",
                    Markup.Escape(f.GetProperty("state").GetString()!),
                    f.GetProperty("ageSeconds") is { ValueKind: JsonValueKind.Number } age
                        ? DurationText.Describe(age.GetDouble()) : "never",
                    f.GetProperty("lagSeconds").GetDouble() is > 0 and var lag ? DurationText.Describe(lag) : "none",
                    DurationText.Describe(f.GetProperty("expectedEverySeconds").GetDouble()));
            }
            AnsiConsole.Write(table);
            return 0;
        }));
        return command;
    }

    private static (string Source, string Stream)? Split(string? value) =>
        value?.Split(value.Contains('/') ? '/' : '.') is [{ Length: > 0 } source, { Length: > 0 } stream]
            ? (source, stream)
            : null;
}
