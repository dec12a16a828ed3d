using System.CommandLine;
using EcommerceLake.Cli;
using EcommerceLake.Cli.Demo;
using EcommerceLake.Cli.Operations;
using EcommerceLake.Cli.Serve;
using Spectre.Console;

// Every verb writes through AnsiConsole: plain text, 180 columns wide, when the output is redirected.
AnsiConsole.Console = LakeConsole.Create();

var workDir = new Option<string>("--workdir") { Description = "Work directory for the private PostgreSQL cluster, " +
    "the lake and the drop folder.", DefaultValueFactory = _ => ".lake" };
var noVerify =
    new Option<bool>("--no-verify") { Description = "Skip the row-for-row comparison of trusted with the sources." };
var port = new Option<int>("--pg-port") { Description = "Loopback port of the private PostgreSQL cluster.",
    DefaultValueFactory = _ => 55432 };

var demo = new Command("demo",
    "Full and incremental pipeline run over the real Olist data on the embedded lake.") { workDir, noVerify, port };
demo.SetAction(async (parse, cancellationToken) =>
{
    using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true)
        .SetMinimumLevel(LogLevel.Warning));
    var options = new DemoOptions(
        WorkDirectory: parse.GetValue(workDir)!,
        ServerConnectionString: Environment.GetEnvironmentVariable("ConnectionStrings__Server"),
        PrivateClusterPort: parse.GetValue(port),
        Verify: !parse.GetValue(noVerify));
    try
    {
        var console = AnsiConsole.Console;
        var report = await new DemoJob(loggers).RunAsync(options, new ConsoleDemoProgress(console), cancellationToken);
        DemoSummary.Write(console, report);
        return report.Succeeded ? 0 : 1;
    }
    catch (Exception ex) when (ex is not OperationCanceledException)
    {
        AnsiConsole.MarkupLine($"[red bold]The main job failed:[/] {Markup.Escape(ex.Message)}");
        return 2;
    }
});

var root = new RootCommand("lake — EcommerceLake command line")
{
    demo, ServeCommand.Create(), RunCommands.Create(), RunCommands.CreateList(), OffsetCommands.Create(),
    StreamCommands.Create(), AlertCommands.Create(), CheckCommands.Create(), ScheduleCommands.Create(),
    LineageCommands.Create(), DriftCommands.Create(),
};
return await root.Parse(args).InvokeAsync();
