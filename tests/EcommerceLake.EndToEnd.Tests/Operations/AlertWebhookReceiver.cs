using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EcommerceLake.EndToEnd.Tests.Operations;

/// <summary>
/// The alert webhook's far end: a Kestrel app on 127.0.0.1 that records every JSON body POSTed to <c>/alerts</c>
/// (the lake's <c>Alerts:WebhookUrl</c>) and answers 204.
/// </summary>
public sealed class AlertWebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AlertWebhookReceiver(WebApplication app)
    {
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        Url = $"{address}/alerts";
    }

    /// <summary>The URL to configure as <c>Alerts:WebhookUrl</c>.</summary>
    public string Url { get; }

    /// <summary>Every body received.</summary>
    public Recorder<JsonElement> Received { get; } = new();

    public static async Task<AlertWebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = (AlertWebhookReceiver?)null;
        app.MapPost("/alerts", async (HttpRequest request) =>
        {
            receiver!.Received.Add(await JsonSerializer.DeserializeAsync<JsonElement>(request.Body));
            return Results.NoContent();
        });
        await app.StartAsync();
        return receiver = new AlertWebhookReceiver(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
