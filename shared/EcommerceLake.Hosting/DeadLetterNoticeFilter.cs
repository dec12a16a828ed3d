using System.Text.Json;
using EcommerceLake.Contracts;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace EcommerceLake.Hosting;

/// <summary>
/// Error-pipe filter of every lake receive endpoint (MassTransit's <c>ConfigureError</c>, between its
/// <c>GenerateFaultFilter</c> and its <c>ErrorTransportFilter</c>, which moves the message to <c>{endpoint}_error</c>):
/// publishes <see cref="MessageDeadLettered"/> for the message being given up on, so the orchestrator raises a
/// <c>dead-letter</c> alert instead of the message lying unseen in the error queue. What it reports comes from
/// MassTransit's JSON envelope (<c>messageId</c>, <c>messageType</c> URNs, the message's <c>runId</c>,
/// <c>source</c> and <c>stream</c>; https://masstransit.io/documentation/configuration/serialization) and the last
/// exception. The notice never stands in the way of the move: a body that is not JSON reports no types, and a
/// publish that fails or is not confirmed within <c>Bus:PublishTimeout</c> is logged and skipped. A
/// <see cref="MessageDeadLettered"/> that is itself given up on is not reported again, so a failing consumer of the
/// notices cannot feed itself.
/// </summary>
public sealed class DeadLetterNoticeFilter(string endpoint, TimeSpan publishTimeout, ILogger logger)
    : IFilter<ExceptionReceiveContext>
{
    private const string UrnPrefix = "urn:message:";

    /// <inheritdoc />
    public async Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        var notice = Describe(context);
        if (!notice.MessageTypes.Contains(nameof(MessageDeadLettered), StringComparer.Ordinal))
        {
            try
            {
                var send = await context.PublishEndpointProvider.GetPublishSendEndpoint<MessageDeadLettered>();
                await send.SendWithinAsync(notice, publishTimeout, context.CancellationToken);
            }
            catch (Exception ex)
                when (ex is not OperationCanceledException || !context.CancellationToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Could not report dead letter {MessageId} of {Endpoint}; it is moved to its "
                    + "_error queue all the same", notice.MessageId, endpoint);
            }
        }
        await next.Send(context);
    }

    /// <inheritdoc />
    public void Probe(ProbeContext context) => context.CreateFilterScope("deadLetterNotice");

    /// <summary>What the envelope and the exception say about the message.</summary>
    private MessageDeadLettered Describe(ExceptionReceiveContext context)
    {
        Guid? messageId = null, runId = null;
        string? source = null, stream = null;
        var types = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(context.Body.GetBytes());
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                messageId = GuidOf(root, "messageId");
                if (root.TryGetProperty("messageType", out var urns) && urns.ValueKind == JsonValueKind.Array)
                    types.AddRange(urns.EnumerateArray().Select(u => u.GetString() ?? "").Select(ShortName));
                var message = root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.Object
                    ? m : root;
                runId = GuidOf(message, "runId");
                source = TextOf(message, "source");
                stream = TextOf(message, "stream");
            }
        }
        catch (JsonException)
        {
            // Not a JSON envelope: the alert says so by naming no type.
        }
        var exception = context.Exception.GetBaseException();
        return new MessageDeadLettered
        {
            Endpoint = endpoint,
            MessageId = messageId,
            MessageTypes = types,
            RunId = runId,
            Source = source,
            Stream = stream,
            ExceptionType = exception.GetType().FullName ?? exception.GetType().Name,
            ExceptionMessage = exception.Message,
            Host = Environment.MachineName,
            DeadLetteredAt = new DateTimeOffset(DateTime.SpecifyKind(context.ExceptionTimestamp, DateTimeKind.Utc)),
        };
    }

    /// <summary><c>urn:message:EcommerceLake.Contracts:ExtractStream</c> → <c>ExtractStream</c>;
    /// <c>urn:message:MassTransit:Fault[[EcommerceLake.Contracts:ExtractStream]]</c> →
    /// <c>Fault&lt;ExtractStream&gt;</c>.</summary>
    /// <param name="urn">A MassTransit message type URN (or any text, returned after its last <c>:</c>).</param>
    public static string ShortName(string urn)
    {
        var name = urn.StartsWith(UrnPrefix, StringComparison.Ordinal) ? urn[UrnPrefix.Length..] : urn;
        var bracket = name.IndexOf("[[", StringComparison.Ordinal);
        var head = bracket < 0 ? name : name[..bracket];
        head = head[(head.LastIndexOf(':') + 1)..];
        return bracket < 0 || !name.EndsWith("]]", StringComparison.Ordinal)
            ? head : $"{head}<{ShortName(name[(bracket + 2)..^2])}>";
    }

    private static Guid? GuidOf(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.TryGetGuid(out var g)
            ? g : null;

    private static string? TextOf(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
