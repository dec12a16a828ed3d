using System.Net.Http.Json;
using EcommerceLake.Contracts;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Orchestrator.Alerts;

/// <summary>
/// POSTs every <see cref="AlertRaised"/> and <see cref="AlertCleared"/> as JSON to <c>Alerts:WebhookUrl</c> when it
/// is set (HttpClient <see cref="HttpClientName"/>, time limit <c>Alerts:WebhookTimeout</c>); the body is the event
/// as JSON, its <c>kind</c> the wire name (<c>stale-source</c>), a cleared alert told apart by its <c>clearedAt</c>.
/// A failed POST (network error, timeout, non-2xx answer) is logged as a warning and dropped: alerting never fails or
/// retries the pipeline's messages. The URL is never logged (it may carry a token).
/// </summary>
public sealed class AlertWebhookConsumer(
    IHttpClientFactory clients, IOptions<AlertOptions> options, ILogger<AlertWebhookConsumer> logger)
    : IConsumer<AlertRaised>, IConsumer<AlertCleared>
{
    /// <summary>Name of the HttpClient used for the webhook.</summary>
    public const string HttpClientName = "alerts-webhook";

    /// <inheritdoc />
    public Task Consume(ConsumeContext<AlertRaised> context) =>
        PostAsync(context, context.Message, WireName.Of(context.Message.Kind));

    /// <inheritdoc />
    public Task Consume(ConsumeContext<AlertCleared> context) =>
        PostAsync(context, context.Message, WireName.Of(context.Message.Kind) + " (cleared)");

    private async Task PostAsync<T>(ConsumeContext context, T body, string kind)
    {
        var url = options.Value.WebhookUrl;
        if (string.IsNullOrWhiteSpace(url)) return;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        timeout.CancelAfter(options.Value.WebhookTimeout);
        try
        {
            using var client = clients.CreateClient(HttpClientName);
            using var response = await client.PostAsJsonAsync(url, body, timeout.Token);
            if (!response.IsSuccessStatusCode)
                logger.LogWarning("The alert webhook answered {Status} to the {Kind} alert; the alert is not re-sent",
                    (int)response.StatusCode, kind);
        }
        catch (Exception ex) when (!context.CancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(
                "Posting the {Kind} alert to the alert webhook failed ({Error}); the alert is not re-sent",
                kind, ex.GetType().Name + ": " + ex.Message);
        }
    }
}
