using System.CommandLine;
using System.Text.Json;
using EcommerceLake.Streams;
using Spectre.Console;

namespace EcommerceLake.Cli.Operations;

/// <summary>
/// <c>lake offsets [--json]</c>: every committed offset, as <see cref="OffsetText.Describe"/> reads it
/// (<c>files: 3 entries · lastSequence: 3</c>), or whole with <c>--json</c>;
/// <c>lake offsets reset &lt;source&gt;/&lt;stream&gt; --reason "…" [--offset JSON] [--json]</c>: sets the stream's
/// offset (or deletes it without <c>--offset</c>, so the next run reads it from scratch), audited under the caller's
/// principal; exit 1 when the source has an active run or the stream is unknown, 2 when the API cannot be reached or
/// refuses the caller.
/// </summary>
public static class OffsetCommands
{
    /// <summary>The <c>offsets</c> command with its <c>reset</c> verb.</summary>
    public static Command Create()
    {
        var connection = new ApiConnection();
        var json = new Option<bool>("--json") { Description = "Print the API's JSON." };
        var offsets = new Command("offsets", "List the committed offsets, or reset one (reset).") { json };
        connection.AddTo(offsets);
        offsets.SetAction((parse, cancellationToken) => ApiCall.RunAsync(async () =>
        {
            using var http = connection.CreateClient(parse);
            var list = await new OperationsClient(http).ListOffsetsAsync(cancellationToken);
            if (parse.GetValue(json))
            {
                ApiCall.PrintJson(list);
                return 0;
            }
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumns("Stream", "Offset", "Committed (UTC)", "Run");
            foreach (var o in list.EnumerateArray())
                table.AddRow($"{Markup.Escape(o.GetProperty("source").GetString()!)}."
                    + Markup.Escape(o.GetProperty("stream").GetString()!),
                    Markup.Escape(OffsetText.Describe(o.GetProperty("offset").GetString())),
                    Markup.Escape(ApiJson.UtcTime(o, "committedAt")),
                    o.GetProperty("runId").GetGuid() == Guid.Empty ? "reset" : o.GetProperty("runId").GetString()!);
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine("[grey]--json prints each offset whole, in the form reset --offset takes.[/]");
            return 0;
        }));
        offsets.Subcommands.Add(Reset());
        return offsets;
    }

    private static Command Reset()
    {
        var connection = new ApiConnection();
        var target = new Argument<string>("source/stream")
        {
            Description = "The stream, for example marketplace/orders."
        };
        target.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>()?.Split('/') is not [{ Length: > 0 }, { Length: > 0 }])
                result.AddError("Name the stream as <source>/<stream>, for example marketplace/orders.");
        });
        var reason = new Option<string>("--reason")
        {
            Description = "Why (recorded in the audit trail).",
            Required = true
        };
        var offset = new Option<string?>("--offset")
        {
            Description = "The new offset in the connector's JSON, for example {\"changeVersion\":0}; "
                + "without it the next run reads the stream from scratch.",
        };
        var json = new Option<bool>("--json") { Description = "Print the audit record as JSON." };
        var reset = new Command("reset", "Reset a stream's committed offset (backfill); audited.")
        {
            target, reason, offset, json,
        };
        connection.AddTo(reset);
        reset.SetAction((parse, cancellationToken) => ApiCall.RunAsync(async () =>
        {
            var parts = parse.GetValue(target)!.Split('/');
            using var http = connection.CreateClient(parse);
            var audit = await new OperationsClient(http).ResetOffsetAsync(parts[0], parts[1], parse.GetValue(offset),
                parse.GetValue(reason)!, cancellationToken);
            if (parse.GetValue(json)) ApiCall.PrintJson(audit);
            else
                AnsiConsole.MarkupLine($"[green]Offset of {Markup.Escape(parts[0])}.{Markup.Escape(parts[1])} reset[/] "
                    + $"from {Markup.Escape(Text(audit, "oldOffset"))} to {Markup.Escape(Text(audit, "newOffset"))} "
                    + $"by {Markup.Escape(Text(audit, "requestedBy"))}.");
            return 0;
        }));
        return reset;
    }

    private static string Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.ToString() : "none (from scratch)";
}
