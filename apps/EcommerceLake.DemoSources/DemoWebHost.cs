using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EcommerceLake.DemoSources;

/// <summary>The web host of a demo source's HTTP server (the review API, the SGS API).</summary>
internal static class DemoWebHost
{
    /// <summary>
    /// A slim builder (Production environment, no log providers) listening on <c>http://127.0.0.1:{port}</c> (0 picks
    /// a free port). The reload of <c>appsettings*.json</c> on change is off (host key
    /// <c>hostBuilder:reloadConfigOnChange</c>): the content root is the working directory, which usually holds the
    /// lake (<c>.lake/</c>), and a reloadable file would make the server watch that directory recursively and handle
    /// an inotify event for every lake file the pipeline writes in the same process. The servers read no file
    /// configuration.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string applicationName, int port)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ApplicationName = applicationName,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        return builder;
    }
}
