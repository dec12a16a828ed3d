using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EcommerceLake.Ingestion.Tests.Connectors.Reviews;

/// <summary>
/// A scripted stand-in for the vendor's API, for failures the real demo server does not produce on demand: its token
/// endpoint always grants, and <c>GET /v1/reviews</c> answers with the <c>page</c> function given to
/// <see cref="StartAsync"/> (called with the call number, from 1).
/// </summary>
public sealed class FakeReviewVendor : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _pageCalls;

    private FakeReviewVendor(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public int PageCalls => Volatile.Read(ref _pageCalls);

    public static async Task<FakeReviewVendor> StartAsync(Func<int, HttpContext, IResult> page)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var vendor = new FakeReviewVendor(app);
        app.MapPost("/oauth/token",
            () => Results.Json(new { access_token = "t", token_type = "Bearer", expires_in = 3600 }));
        app.MapGet("/v1/reviews", (HttpContext context) => page(Interlocked.Increment(ref vendor._pageCalls), context));
        await app.StartAsync();
        vendor.BaseAddress = new Uri(app.Urls.First().TrimEnd('/') + "/");
        return vendor;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
