using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace EcommerceLake.DemoSources.Economics;

/// <summary>
/// A stand-in for Banco Central do Brasil's SGS API on 127.0.0.1, serving the real values of <see cref="SgsDataset"/>
/// (<c>data/bcb</c>) at the documented URL
/// <c>GET /dados/serie/bcdata.sgs.{code}/dados?formato=json&amp;dataInicial=dd/MM/yyyy&amp;dataFinal=dd/MM/yyyy</c>:
/// a JSON array <c>[{"data":"dd/MM/yyyy","valor":"…"}]</c> of the values dated within the window (both ends
/// included; <c>dataFinal</c> defaults to today). Like the real API it refuses a window longer than ten years with
/// <see cref="WindowTooLongStatus"/> and an <c>{"error":…,"message":…}</c> body. A malformed or missing date
/// answers 400, an unknown series 404. Tests can make the next requests fail (<see cref="FailNext"/>), add raw items to
/// a series' answers (<see cref="InjectItem"/>) and read the requests received (<see cref="Requests"/>).
/// </summary>
public sealed class SgsApiServer : IAsyncDisposable
{
    /// <summary>
    /// The status the real API answers for a window over ten years: 406 Not Acceptable, as reported by the API's
    /// users (wilsonfreitas/python-bcb issue 19, wilsonfreitas/rbcb issues 63 and 64), with the error text
    /// "O sistema aceita uma janela de consulta de, no máximo, 10 anos em séries de periodicidade diária".
    /// </summary>
    public const int WindowTooLongStatus = StatusCodes.Status406NotAcceptable;

    /// <summary>The longest window, in years, the API accepts.</summary>
    public const int MaxWindowYears = 10;

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly ConcurrentDictionary<int, List<(int Position, string Json)>> _injected = new();
    private int _failuresLeft;
    private int _failureStatus = StatusCodes.Status503ServiceUnavailable;

    private SgsApiServer(WebApplication app, SgsDataset dataset)
    {
        _app = app;
        Dataset = dataset;
    }

    /// <summary>The server's root, such as <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The values served.</summary>
    public SgsDataset Dataset { get; }

    /// <summary>Path and query of every request received, in order.</summary>
    public IReadOnlyList<string> Requests => _requests.ToList();

    /// <summary>Starts the server.</summary>
    /// <exception cref="DirectoryNotFoundException">The data folder was not found.</exception>
    /// <exception cref="InvalidDataException">A data file is not an SGS response.</exception>
    public static async Task<SgsApiServer> StartAsync(SgsApiServerOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new SgsApiServerOptions();
        if (options.Port is < 0 or > 65535) throw new ArgumentException("Port must be from 0 to 65535.",
            nameof(options));
        var dataset = SgsDataset.Load(options.DataDirectory);
        var builder = DemoWebHost.CreateBuilder(typeof(SgsApiServer).Assembly.GetName().Name!, options.Port);
        var app = builder.Build();
        var server = new SgsApiServer(app, dataset);
        try
        {
            app.MapGet("/dados/serie/bcdata.sgs.{code:int}/dados",
                (HttpContext context, int code) => server.Serve(context, code, options.Clock));
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>()
                .Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
            return server;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Makes the next <paramref name="count"/> requests answer <paramref name="status"/> (503 by default)
    /// without data.</summary>
    public void FailNext(int count, int status = StatusCodes.Status503ServiceUnavailable)
    {
        Volatile.Write(ref _failureStatus, status);
        Volatile.Write(ref _failuresLeft, count);
    }

    /// <summary>Adds <paramref name="rawJson"/> as an item of every answer of series <paramref name="code"/>, at
    /// 0-based <paramref name="position"/> (or at the end).</summary>
    public void InjectItem(int code, int position, string rawJson) =>
        _injected.GetOrAdd(code, _ => []).Add((position, rawJson));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task Serve(HttpContext context, int code, TimeProvider clock)
    {
        _requests.Enqueue(context.Request.Path + context.Request.QueryString);
        var response = context.Response;
        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            response.StatusCode = Volatile.Read(ref _failureStatus);
            return;
        }

        var query = context.Request.Query;
        if (!SgsDataset.TryParseDate(query["dataInicial"], out var from))
        {
            await ErrorAsync(response, StatusCodes.Status400BadRequest, "dataInicial inválida",
                "Informe a dataInicial no formato dd/MM/aaaa.");
            return;
        }
        var to = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (query.ContainsKey("dataFinal") && !SgsDataset.TryParseDate(query["dataFinal"], out to))
        {
            await ErrorAsync(response, StatusCodes.Status400BadRequest, "dataFinal inválida",
                "Informe a dataFinal no formato dd/MM/aaaa.");
            return;
        }
        if (to > from.AddYears(MaxWindowYears))
        {
            await ErrorAsync(response, WindowTooLongStatus,
                "O sistema aceita uma janela de consulta de, no máximo, 10 anos em séries de periodicidade diária",
                "Para acessar uma série de periodicidade diária, é necessário informar a dataInicial e a " +
                "dataFinal, no formato dd/mm/aaaa, com no máximo 10 anos entre elas.");
            return;
        }
        if (!Dataset.HasSeries(code))
        {
            await ErrorAsync(response, StatusCodes.Status404NotFound, "Série não encontrada",
                $"A série {code} não existe.");
            return;
        }

        response.ContentType = "application/json";
        var items = Dataset.Values(code, from, to)
            .Select(v =>
                JsonSerializer.Serialize(new Item(v.Key.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture), v.Value)))
            .ToList();
        if (_injected.TryGetValue(code, out var injected))
            foreach (var (position, json) in injected.ToList())
                items.Insert(Math.Clamp(position, 0, items.Count), json);
        await response.WriteAsync("[" + string.Join(",", items) + "]", context.RequestAborted);
    }

    private static async Task ErrorAsync(HttpResponse response, int status, string error, string message)
    {
        response.StatusCode = status;
        await response.WriteAsJsonAsync(new { error, message });
    }

    private sealed record Item(string data, string valor);
}
