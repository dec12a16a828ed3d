using System.CommandLine;
using System.Globalization;
using Spectre.Console;

namespace EcommerceLake.Cli.Operations;

/// <summary>
/// <c>lake stream …</c>: stream control of a running deployment through the orchestrator's operations API, without a
/// spec edit or a redeploy. <c>lake stream list [--api url]</c> prints every stream with its switches and freshness;
/// <c>lake stream pause|resume|force-full &lt;source.stream&gt; --reason "…" [--by name] [--api url]</c> sets a switch
/// (audited). Exit codes: 0 done, 1 refused (unknown stream, missing reason), 2 the API could not be reached.
/// </summary>
public static class StreamCommands
{
    /// <summary>The <c>stream</c> command with its <c>list</c>, <c>pause</c>, <c>resume</c> and <c>force-full</c>
    /// verbs.</summary>
    public static Command Create()
    {
        var stream = new Command("stream", "Pause, resume or force a full read of one stream; list streams.")
        {
            List(),
            Control("pause", "Runs skip the stream from the next run on (shown as Paused); its offset is kept."),
            Control("resume", "Runs take the stream again, from its offset."),
            Control("force-full", "The next run that loads the stream reads it whole, whatever its offset."),
        };
        return stream;
    }

    private static Option<string> Api()
    {
        var api = new Option<string>("--api")
        {
            Description = "The orchestrator's operations API (an absolute http or https URL).",
            DefaultValueFactory = _ => "http://127.0.0.1:8080/",
        };
        api.Validators.Add(result =>
        {
            if (!Uri.TryCreate(result.GetValueOrDefault<string>(), UriKind.Absolute, out _))
                result.AddError("--api must be an absolute URL, for example http://127.0.0.1:8080/.");
        });
        return api;
    }

    private static Command Control(string action, string description)
    {
        var key = new Argument<string>("stream") { Description = "The stream, as source.stream (lake stream list)." };
        key.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (value is null || value.Split('.') is not [{ Length: > 0 }, { Length: > 0 }])
                result.AddError($"'{value}' is not source.stream, for example files.sellers.");
        });
        var reason = new Option<string>("--reason") { Description = "Why (recorded in the audit).", Required = true };
        var by = new Option<string>("--by")
        {
            Description = "Who asks (recorded in the audit).",
            DefaultValueFactory = _ => Environment.UserName,
        };
        var api = Api();
        var command = new Command(action, description) { key, reason, by, api };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var parts = parse.GetValue(key)!.Split('.');
            using var http = new HttpClient { BaseAddress = new Uri(parse.GetValue(api)!) };
            try
            {
                var (done, message) = await new OperationsClient(http).ControlStreamAsync(parts[0], parts[1], action,
                    parse.GetValue(by)!, parse.GetValue(reason)!, cancellationToken);
                AnsiConsole.MarkupLine(done ? $"[green]{Markup.Escape(message)}[/]" : Markup.Escape(message));
                return done ? 0 : 1;
            }
            catch (HttpRequestException ex)
            {
                AnsiConsole.MarkupLine($"[red bold]The operations API failed:[/] {Markup.Escape(ex.Message)}");
                return 2;
            }
        });
        return command;
    }

    private static Command List()
    {
        var api = Api();
        var command = new Command("list", "Every stream: paused, full run asked for, freshness and lag.") { api };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var http = new HttpClient { BaseAddress = new Uri(parse.GetValue(api)!) };
            try
            {
                var streams = await new OperationsClient(http).ListStreamsAsync(cancellationToken);
                var table = new Table().AddColumns("stream", "paused", "full next", "freshness", "age", "lag",
                    "expected every");
                foreach (var s in streams.EnumerateArray())
                {
                    var f = s.GetProperty("freshness");
                    table.AddRow(Markup.Escape($"{s.GetProperty("source")}.{s.GetProperty("stream")}"),
                        s.GetProperty("paused").GetBoolean() ? "yes" : "", s.GetProperty("forceFull").GetBoolean()
                            ? "yes" : "",
                        f.GetProperty("state").GetString()!,
                        f.GetProperty("ageSeconds") is { ValueKind: System.Text.Json.JsonValueKind.Number } age
                            ? Span(age.GetDouble()) : "never",
                        Span(f.GetProperty("lagSeconds").GetDouble()),
                        Span(f.GetProperty("expectedEverySeconds").GetDouble()));
                }
                AnsiConsole.Write(table);
                return 0;
            }
            catch (HttpRequestException ex)
            {
                AnsiConsole.MarkupLine($"[red bold]The operations API failed:[/] {Markup.Escape(ex.Message)}");
                return 2;
            }
        });
        return command;
    }

    private static string Span(double seconds) =>
        TimeSpan.FromSeconds(Math.Round(seconds)).ToString("c", CultureInfo.InvariantCulture);
}
