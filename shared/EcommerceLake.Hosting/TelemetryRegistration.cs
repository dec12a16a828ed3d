using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace EcommerceLake.Hosting;

/// <summary>OpenTelemetry tracing and metrics of a service (OpenTelemetry.Extensions.Hosting).</summary>
public static class TelemetryRegistration
{
    /// <summary>Configuration key of the NDJSON span file (<see cref="NdjsonFileSpanExporter"/>); unset writes none.
    /// </summary>
    public const string SpanFileKey = "Telemetry:SpanFile";

    /// <summary>The standard OTLP endpoint variable; when set, traces and metrics are exported over OTLP.</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Adds the tracer and meter providers of the service <paramref name="serviceName"/> (the resource's
    /// <c>service.name</c>), owned by the host: started with it, flushed and disposed when it stops.
    /// <para>
    /// Traces: the lake's ActivitySources and MassTransit's (<see cref="LakeTelemetry.AllSources"/>), incoming ASP.NET
    /// Core requests, outgoing <see cref="HttpClient"/> calls (the review vendor, the SGS API, Google Cloud) and Npgsql
    /// commands. Metrics: the lake's meter (<see cref="LakeTelemetry.MeterName"/>), ASP.NET Core, HttpClient and the
    /// .NET runtime. Exporters: OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (with the standard
    /// <c>OTEL_EXPORTER_OTLP_*</c> settings); finished spans appended to <c>Telemetry:SpanFile</c> as JSON lines when
    /// set.
    /// </para>
    /// </summary>
    public static IHostApplicationBuilder AddLakeTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        var spanFile = builder.Configuration[SpanFileKey];
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing =>
            {
                tracing.AddSource(LakeTelemetry.AllSources)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddNpgsql();
                if (!string.IsNullOrWhiteSpace(spanFile))
                    tracing.AddProcessor(
                        new SimpleActivityExportProcessor(new NdjsonFileSpanExporter(spanFile, serviceName)));
            })
            .WithMetrics(metrics => metrics
                .AddMeter(LakeTelemetry.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation());
        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey])) telemetry.UseOtlpExporter();
        return builder;
    }
}
