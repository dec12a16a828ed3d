using System.Text.Json;
using EcommerceLake.Testing.Bus;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EcommerceLake.Testing.Fakes;

/// <summary>
/// The alert webhook's far end: an ASP.NET Core app on 127.0.0.1 that records every JSON body POSTed to <c>/alerts</c>
/// (the lake's <c>Alerts:WebhookUrl</c>) and answers 204.
/// </summary>
public sealed class FakeAlertReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeAlertReceiver(WebApplication app, MessageLog received)
    {
        _app = app;
        Received = received;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        Url = $"{address}/alerts?token=not-logged";
    }

    /// <summary>The URL to configure as <c>Alerts:WebhookUrl</c>: <c>http://127.0.0.1:{port}/alerts</c> with a
    /// <c>token</c> query parameter, as a webhook secret would be passed.</summary>
    public string Url { get; }

    /// <summary>Every body received, as <see cref="JsonElement"/>.</summary>
    public MessageLog Received { get; }

    /// <summary>Starts the receiver on a free loopback port.</summary>
    public static async Task<FakeAlertReceiver> StartAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var received = new MessageLog();
        var app = builder.Build();
        app.MapPost("/alerts", async (HttpRequest request) =>
        {
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body);
            received.Add(body);
            return Results.NoContent();
        });
        await app.StartAsync();
        return new FakeAlertReceiver(app, received);
    }

    /// <summary>Stops the receiver.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
