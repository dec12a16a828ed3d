using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EcommerceLake.Testing.Fakes.PubSub;

/// <summary>
/// A contract fake of the Cloud Pub/Sub REST API v1 (https://cloud.google.com/pubsub/docs/reference/rest) on
/// <c>http://127.0.0.1:{port}/</c>, what the emulator (<c>PUBSUB_EMULATOR_HOST</c>) offers a REST client:
/// projects.topics create (PUT), get, delete, list, publish, and subscriptions.list; projects.subscriptions create
/// (PUT, with ackDeadlineSeconds 10–600, retryPolicy, deadLetterPolicy with maxDeliveryAttempts 5–100,
/// expirationPolicy, enableMessageOrdering, messageRetentionDuration), get, delete, list, pull, acknowledge and
/// modifyAckDeadline. No <c>Authorization</c> header is required, as with the emulator. Delivery semantics (leases,
/// redelivery, backoff, dead-lettering, ordering) are described on the broker; deadlines and backoffs follow the
/// <see cref="TimeProvider"/> given to <see cref="StartAsync"/>, so a test can drive them with a FakeTimeProvider.
/// <para>
/// Errors use Pub/Sub's shape
/// <c>{"error":{"code":404,"message":"Resource not found (resource=t).","status":"NOT_FOUND"}}</c>:
/// ALREADY_EXISTS 409 on creating an existing resource, NOT_FOUND 404, INVALID_ARGUMENT 400 for malformed names and
/// fields and for the limits of <see cref="FakePubSubLimits"/> (a body over 10 MiB: <c>Request payload size exceeds
/// the limit: 10485760 bytes.</c>), UNIMPLEMENTED 501 for features the fake does not serve (push, filters,
/// exactly-once).
/// </para>
/// <para>
/// A pull finding nothing waits (long poll, on the real clock) up to <see cref="PullWaitTime"/> for a message before
/// answering <c>{}</c>, unless <c>returnImmediately</c>. Fault switches: <see cref="FailNext"/> (429/503… on one
/// operation), <see cref="DropNext"/> (abort the connection before or after the request took effect),
/// <see cref="PullDelay"/> (slow pulls). Inspection: <see cref="Topics"/>, <see cref="Subscriptions"/>,
/// <see cref="Published"/>, <see cref="Inspect"/>, <see cref="Requests"/>.
/// </para>
/// </summary>
public sealed class FakePubSubServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FakePubSubBroker _broker;
    private readonly object _faultGate = new();
    private readonly List<Fault> _faults = [];
    private readonly ConcurrentQueue<FakePubSubRequest> _requests = new();
    private int _requestCount;

    private FakePubSubServer(WebApplication app, TimeProvider time)
    {
        _app = app;
        _broker = new FakePubSubBroker(time);
    }

    /// <summary>The server's root, such as <c>http://127.0.0.1:41234/</c>; the API is under
    /// <c>{BaseAddress}v1/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary><c>127.0.0.1:{port}</c>: the value for <c>PUBSUB_EMULATOR_HOST</c> /
    /// <c>Bus:PubSub:EmulatorHost</c>.</summary>
    public string EmulatorHost => $"{BaseAddress.Host}:{BaseAddress.Port}";

    /// <summary>How long a pull finding no message waits for one before answering <c>{}</c>. Default 2 s.</summary>
    public TimeSpan PullWaitTime { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Slow pulls: every pull waits this long (real clock) before it is served. Default zero.</summary>
    public TimeSpan PullDelay { get; set; } = TimeSpan.Zero;

    /// <summary>Every request received, in arrival order.</summary>
    public IReadOnlyList<FakePubSubRequest> Requests => _requests.ToArray();

    /// <summary>Names (<c>projects/{p}/topics/{t}</c>) of the topics that exist, in name order.</summary>
    public IReadOnlyList<string> Topics => _broker.TopicNames();

    /// <summary>Names (<c>projects/{p}/subscriptions/{s}</c>) of the subscriptions that exist, in name order.</summary>
    public IReadOnlyList<string> Subscriptions => _broker.SubscriptionNames();

    /// <summary>Starts the fake on a free port of 127.0.0.1, with deadlines on <paramref name="time"/> (the system
    /// clock by default).</summary>
    public static async Task<FakePubSubServer> StartAsync(TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder(
            new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 4L * FakePubSubLimits.MaxRequestBytes);
        var app = builder.Build();
        var server = new FakePubSubServer(app, time ?? TimeProvider.System);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features
            .GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>Messages published to <paramref name="topic"/> (full name), dead-letter forwards included, in
    /// order.</summary>
    public IReadOnlyList<FakePubSubMessage> Published(string topic) => _broker.Published(topic);

    /// <summary>A snapshot of subscription <paramref name="subscription"/> (full name), or null when it does not
    /// exist.</summary>
    public FakePubSubSubscriptionState? Inspect(string subscription) => _broker.Inspect(subscription);

    /// <summary>
    /// The next <paramref name="count"/> requests routed to <paramref name="operation"/> answer
    /// <paramref name="status"/> (429 RESOURCE_EXHAUSTED, 503 UNAVAILABLE, …) in Pub/Sub's error shape without taking
    /// effect.
    /// </summary>
    public void FailNext(FakePubSubOperation operation, int count, int status = 503)
    {
        lock (_faultGate) _faults.Add(new Fault(operation, count, status, DropAfter: null));
    }

    /// <summary>
    /// The next <paramref name="count"/> requests routed to <paramref name="operation"/> lose their connection with no
    /// answer: before taking effect, or, when <paramref name="afterEffect"/>, after (a publish stored, a pull leased,
    /// an ack applied — the answer is what is lost).
    /// </summary>
    public void DropNext(FakePubSubOperation operation, int count, bool afterEffect = false)
    {
        lock (_faultGate) _faults.Add(new Fault(operation, count, 0, afterEffect));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _broker.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var route = FakePubSubRoute.Of(context.Request.Method, path);
        var record = new FakePubSubRequest(
            Interlocked.Increment(ref _requestCount), context.Request.Method, path, route?.Operation);
        _requests.Enqueue(record);
        var fault = route is null ? null : TakeFault(route.Operation);
        if (fault is { DropAfter: false })
        {
            context.Abort();
            return;
        }
        JsonObject answer;
        try
        {
            if (fault is { DropAfter: null })
                throw new FakePubSubException(
                    fault.Status, FakePubSubException.StatusOf(fault.Status), $"Scripted failure {fault.Status}.");
            if (route is null)
                throw new FakePubSubException(404, "NOT_FOUND", $"Not Found: {context.Request.Method} {path}");
            var body = await ReadBodyAsync(context);
            answer = await ServeAsync(route, body, context.Request.Query, context.RequestAborted);
        }
        catch (FakePubSubException e)
        {
            answer = Error(e.Code, e.Message, e.Status);
            context.Response.StatusCode = e.Code;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            // A defect of the fake: shown to the client (and the test) rather than an empty 500.
            answer = Error(500, $"The fake Pub/Sub failed: {e}", "INTERNAL");
            context.Response.StatusCode = 500;
        }
        if (fault is { DropAfter: true })
        {
            context.Abort();
            return;
        }
        record.Status = context.Response.StatusCode;
        context.Response.ContentType = "application/json; charset=UTF-8";
        await context.Response.WriteAsync(answer.ToJsonString(), context.RequestAborted);
    }

    private static JsonObject Error(int code, string message, string status) =>
        new() { ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["status"] = status } };

    private async Task<JsonObject> ServeAsync(
        FakePubSubRoute route, JsonObject body, IQueryCollection query, CancellationToken aborted)
    {
        var pageSize = int.TryParse(query["pageSize"], out var size) ? size : (int?)null;
        var pageToken = query["pageToken"].ToString();
        var empty = new JsonObject();
        switch (route.Operation)
        {
            case FakePubSubOperation.CreateTopic: return _broker.CreateTopic(route.Name, body);
            case FakePubSubOperation.GetTopic: return _broker.GetTopic(route.Name);
            case FakePubSubOperation.DeleteTopic: _broker.DeleteTopic(route.Name); return empty;
            case FakePubSubOperation.ListTopics: return _broker.ListTopics(route.Project, pageSize, pageToken);
            case FakePubSubOperation.Publish: return _broker.Publish(route.Name, body);
            case FakePubSubOperation.ListTopicSubscriptions:
                return _broker.ListTopicSubscriptions(route.Name, pageSize, pageToken);
            case FakePubSubOperation.CreateSubscription: return _broker.CreateSubscription(route.Name, body);
            case FakePubSubOperation.GetSubscription: return _broker.GetSubscription(route.Name);
            case FakePubSubOperation.DeleteSubscription: _broker.DeleteSubscription(route.Name); return empty;
            case FakePubSubOperation.ListSubscriptions:
                return _broker.ListSubscriptions(route.Project, pageSize, pageToken);
            case FakePubSubOperation.Acknowledge: _broker.Acknowledge(route.Name, body); return empty;
            case FakePubSubOperation.ModifyAckDeadline: _broker.ModifyAckDeadline(route.Name, body); return empty;
            case FakePubSubOperation.Pull: return await PullAsync(route.Name, body, aborted);
            default: throw new FakePubSubException(404, "NOT_FOUND", "Not Found");
        }
    }

    private async Task<JsonObject> PullAsync(string subscription, JsonObject body, CancellationToken aborted)
    {
        if (PullDelay > TimeSpan.Zero) await Task.Delay(PullDelay, aborted);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        wait.CancelAfter(PullWaitTime);
        while (true)
        {
            var (answer, changed) = _broker.TryPull(subscription, body);
            if (answer is not null) return answer;
            try
            {
                await changed.WaitAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
            {
                // The long poll ran out: one last look, then an empty answer.
                return _broker.TryPull(subscription, body, lastLook: true).Answer ?? new JsonObject();
            }
        }
    }

    private static async Task<JsonObject> ReadBodyAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength > FakePubSubLimits.MaxRequestBytes) throw PayloadTooLarge();
        Stream stream = request.Body;
        if (request.Headers.ContentEncoding.Any(e => string.Equals(e, "gzip", StringComparison.OrdinalIgnoreCase)))
            stream = new GZipStream(stream, CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > FakePubSubLimits.MaxRequestBytes) throw PayloadTooLarge();
        }
        if (buffer.Length == 0) return [];
        try
        {
            return JsonNode.Parse(buffer.ToArray()) as JsonObject
                ?? throw FakePubSubException.InvalidArgument(
                    "Invalid JSON payload received. The body must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw FakePubSubException.InvalidArgument($"Invalid JSON payload received. {e.Message}");
        }
    }

    private static FakePubSubException PayloadTooLarge() =>
        FakePubSubException.InvalidArgument(
            $"Request payload size exceeds the limit: {FakePubSubLimits.MaxRequestBytes} bytes.");

    private Fault? TakeFault(FakePubSubOperation operation)
    {
        lock (_faultGate)
        {
            var fault = _faults.FirstOrDefault(f => f.Remaining > 0
                && (f.Operation == FakePubSubOperation.Any || f.Operation == operation));
            if (fault is null) return null;
            fault.Remaining--;
            if (fault.Remaining == 0) _faults.Remove(fault);
            return fault;
        }
    }

    private sealed record Fault(FakePubSubOperation Operation, int Count, int Status, bool? DropAfter)
    {
        public int Remaining { get; set; } = Count;
    }
}
