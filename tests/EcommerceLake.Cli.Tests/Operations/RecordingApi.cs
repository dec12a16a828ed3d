using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EcommerceLake.Cli.Tests.Operations;

/// <summary>
/// A Kestrel server on a free loopback port standing in for the operations API: every request is recorded (method,
/// path, Authorization and X-Api-Key headers, body) and answered by <c>answer</c>.
/// </summary>
public sealed class RecordingApi : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RecordingApi(WebApplication app) => _app = app;

    /// <summary>The server's base URL, for <c>--api</c>.</summary>
    public string Url => _app.Urls.First();

    /// <summary>Every request so far, in arrival order.</summary>
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Starts the server; <paramref name="answer"/> writes the response for a recorded request.</summary>
    public static async Task<RecordingApi> StartAsync(Func<RecordedRequest, HttpResponse, Task> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var api = new RecordingApi(app);
        app.Run(async context =>
        {
            var request = context.Request;
            var recorded = new RecordedRequest(request.Method, request.Path + request.QueryString,
                request.Headers.Authorization.ToString(), request.Headers["X-Api-Key"].ToString(),
                await new StreamReader(request.Body).ReadToEndAsync());
            api.Requests.Enqueue(recorded);
            await answer(recorded, context.Response);
        });
        await app.StartAsync();
        return api;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>One request as the server saw it; absent headers are empty strings.</summary>
public sealed record RecordedRequest(string Method, string PathAndQuery, string Authorization, string ApiKey,
    string Body);
