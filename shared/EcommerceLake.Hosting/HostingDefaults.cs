using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EcommerceLake.Hosting;

/// <summary>
/// The hosting defaults every service shares: console logs with scopes (trace id, run id, source, stream) and without
/// HttpClient's and Polly's per-request lines (Warning unless <c>Logging:LogLevel</c> names them), OpenTelemetry
/// tracing and metrics (<see cref="TelemetryRegistration.AddLakeTelemetry"/>) and health checks. The lake store is
/// registered by the services that use it (<c>AddLakeStorage</c> in EcommerceLake.Google).
/// </summary>
public static class HostingDefaults
{
    /// <summary>Adds the defaults for the service called <paramref name="serviceName"/> (the OpenTelemetry
    /// <c>service.name</c>).</summary>
    public static IHostApplicationBuilder AddLakeDefaults(this IHostApplicationBuilder builder, string serviceName)
    {
        builder.Logging.AddSimpleConsole(o =>
        {
            o.IncludeScopes = true;
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        // A line names its trace (to find it in the tracing backend) but not its span and parent span: two more
        // ids on every line that no one reads on a console (the host's default tracks all three).
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId);
        foreach (var category in QuietCategories)
            if (builder.Configuration[$"Logging:LogLevel:{category}"] is null)
                builder.Logging.AddFilter(category, LogLevel.Warning);
        builder.AddLakeTelemetry(serviceName);
        builder.Services.AddHealthChecks();
        return builder;
    }

    /// <summary>
    /// Log categories kept at Warning unless <c>Logging:LogLevel:{category}</c> says otherwise: HttpClient's four
    /// lines and Polly's one line per successful request (a review backfill is hundreds of pages). Retries (Polly,
    /// Warning) and failures still show.
    /// </summary>
    private static readonly string[] QuietCategories = ["System.Net.Http.HttpClient", "Polly"];

    /// <summary>Maps <c>/health/live</c> (the process answers) and <c>/health/ready</c> (every check, the bus
    /// included).</summary>
    public static WebApplication MapLakeHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready");
        return app;
    }
}
