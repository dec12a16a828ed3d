using System.CommandLine;
using EcommerceLake.Cli.Demo;
using EcommerceLake.Orchestrator.Security;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace EcommerceLake.Cli.Serve;

/// <summary>
/// <c>lake serve [--urls URL] [--local-only] [--orchestrator-only] [--config FILE] [--demo [--workdir DIR]
/// [--pg-port N]]</c> (see <see cref="LakeServer"/>). Exits 0 after a graceful stop, 2 when the service cannot start
/// (a setting is missing or invalid: the message names the key).
/// </summary>
public static class ServeCommand
{
    /// <summary>The <c>serve</c> command.</summary>
    public static Command Create()
    {
        var urls = new Option<string?>("--urls")
        {
            Description = $"Where to listen (default {LakeServer.DefaultUrls}, or the configuration's 'urls').",
        };
        var localOnly = new Option<bool>("--local-only")
        {
            Description = "No token issuer: serve on loopback only, every local caller is the local user (admin).",
        };
        var orchestratorOnly = new Option<bool>("--orchestrator-only")
        {
            Description = "Host only the orchestrator, API and dashboard, against services in their own processes.",
        };
        var config = new Option<string?>("--config") { Description = "An extra JSON configuration file." };
        var demo = new Option<bool>("--demo")
        {
            Description = "First set up the demo sources from the real Olist data (fresh databases, as `lake demo`).",
        };
        var workDir = new Option<string>("--workdir")
        {
            Description = "With --demo: where the private PostgreSQL cluster, the lake and the drop live.",
            DefaultValueFactory = _ => ".lake",
        };
        var pgPort = new Option<int>("--pg-port")
        {
            Description = "With --demo: loopback port of the private PostgreSQL cluster.",
            DefaultValueFactory = _ => 55432,
        };
        var command = new Command("serve",
            "Run the lake as a service: operations API, dashboard and health on one port.")
        {
            urls, localOnly, orchestratorOnly, config, demo, workDir, pgPort,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new ServeOptions(parse.GetValue(urls), parse.GetValue(localOnly),
                parse.GetValue(orchestratorOnly), parse.GetValue(config),
                parse.GetValue(demo)
                    ? new DemoOptions(WorkDirectory: parse.GetValue(workDir)!,
                        ServerConnectionString: Environment.GetEnvironmentVariable("ConnectionStrings__Server"),
                        PrivateClusterPort: parse.GetValue(pgPort))
                    : null);
            return await RunAsync(options, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(ServeOptions options, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Console;
        DemoEnvironment? environment = null;
        try
        {
            if (options.Demo is { } demoOptions)
            {
                using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
                environment = await DemoEnvironment.StartAsync(demoOptions, new ConsoleDemoProgress(console),
                    loggers.CreateLogger("demo"), cancellationToken);
            }
            await using var app = LakeServer.Build(options, environment?.LakeSettings);
            await app.StartAsync(cancellationToken);
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()
                ?.Addresses ?? [];
            var auth = app.Services.GetRequiredService<IOptions<OperationsAuthOptions>>().Value;
            var mode = auth.HasIssuer
                ? $"tokens from {auth.Authority ?? auth.Issuer}"
                    + (auth.HasDashboardSignIn ? ", dashboard sign-in" : "")
                : "local-only (loopback, no sign-in)";
            foreach (var address in addresses)
                console.MarkupLine($"[green bold]lake serve[/] on [link]{Markup.Escape(address)}/dashboard[/] "
                    + $"({(options.OrchestratorOnly ? "orchestrator only" : "embedded lake")}; {Markup.Escape(mode)}). "
                    + "Ctrl+C stops it.");
            await app.WaitForShutdownAsync(cancellationToken);
            await app.StopAsync(CancellationToken.None);
            return 0;
        }
        catch (Exception ex) when (StartFailure.Describe(ex) is { Count: > 0 } failures)
        {
            if (failures.Count == 1)
                console.MarkupLine($"[red bold]lake serve could not start:[/] {Markup.Escape(failures[0])}");
            else
            {
                console.MarkupLine($"[red bold]lake serve could not start[/] ({failures.Count} problems):");
                foreach (var failure in failures) console.MarkupLine($"  • {Markup.Escape(failure)}");
            }
            return 2;
        }
        finally
        {
            if (environment is not null) await environment.DisposeAsync();
        }
    }
}
