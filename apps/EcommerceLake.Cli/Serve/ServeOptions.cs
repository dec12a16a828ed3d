namespace EcommerceLake.Cli.Serve;

/// <summary>What <c>lake serve</c> was asked for on its command line.</summary>
/// <param name="Urls">Where to listen, for example <c>http://127.0.0.1:8080</c> (semicolon-separated); null: the
/// configuration's <c>urls</c> / <c>ASPNETCORE_URLS</c>, else <c>http://127.0.0.1:8080</c>.</param>
/// <param name="LocalOnly">Sets <c>Orchestrator:Auth:LocalOnly</c>: no issuer, loopback only, no sign-in.</param>
/// <param name="OrchestratorOnly">Host only the orchestrator (API, dashboard, saga) against services running in
/// their own processes on the configured bus; otherwise all four services run in this process.</param>
/// <param name="ConfigFile">An extra JSON configuration file, above appsettings.json and below the environment.
/// </param>
/// <param name="Demo">Set up the demo sources from the real Olist data first (see
/// <see cref="Demo.DemoEnvironment"/>) and point the lake at them, under the user's configuration.</param>
public sealed record ServeOptions(
    string? Urls, bool LocalOnly, bool OrchestratorOnly, string? ConfigFile, Demo.DemoOptions? Demo);
