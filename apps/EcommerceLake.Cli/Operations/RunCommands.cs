using System.CommandLine;
using Spectre.Console;

namespace EcommerceLake.Cli.Operations;

/// <summary>
/// <c>lake run …</c>: operations on one run of a running deployment, through the orchestrator's operations API.
/// <c>lake run cancel &lt;runId&gt; --reason "…" [--api url] [--token jwt | --api-key key]</c> exits 0 when the cancel was accepted,
/// 1 when the run is unknown or already ended, 2 when the API could not be reached.
/// </summary>
public static class RunCommands
{
    /// <summary>The <c>run</c> command with its <c>cancel</c> verb.</summary>
    public static Command Create()
    {
        var runId = new Argument<Guid>("runId") { Description = "The run to cancel (GET /runs lists them)." };
        var reason = new Option<string>("--reason") { Description = "Why the run is cancelled.", Required = true };
        var connection = new ApiConnection();
        var cancel = new Command("cancel", "Cancel a running run: it ends Failed, leases released, cluster deleted.")
        {
            runId, reason,
        };
        connection.AddTo(cancel);
        cancel.SetAction(async (parse, cancellationToken) =>
        {
            using var http = connection.CreateClient(parse);
            try
            {
                var (accepted, message) = await new OperationsClient(http).CancelRunAsync(parse.GetValue(runId),
                    parse.GetValue(reason)!, cancellationToken);
                AnsiConsole.MarkupLine(accepted ? $"[green]{Markup.Escape(message)}[/]" : Markup.Escape(message));
                return accepted ? 0 : 1;
            }
            catch (HttpRequestException ex)
            {
                AnsiConsole.MarkupLine($"[red bold]The operations API failed:[/] {Markup.Escape(ex.Message)}");
                return 2;
            }
        });
        return new Command("run", "Operate on one run of a running deployment.") { cancel };
    }
}
