using System.Net.Http.Json;
using EcommerceLake.Contracts;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Orchestrator.Alerts;

/// <summary>
/// POSTs every <see cref="AlertRaised"/> as JSON to <c>Alerts:WebhookUrl</c> when it is set (HttpClient
/// <see cref="HttpClientName"/>, time limit <c>Alerts:WebhookTimeout</c>). A failed POST (network error, timeout,
/// non-2xx answer) is logged as a warning and dropped: alerting never fails or retries the pipeline's messages. The URL
/// is never logged (it may carry a token).
/// </summary>
public sealed class AlertWebhookConsumer(
    IHttpClientFactory clients, IOptions<AlertOptions> options, ILogger<AlertWebhookConsumer> logger)
    : IConsumer<AlertRaised>
{
    /// <summary>Name of the HttpClient used for the webhook.</summary>
    public const string HttpClientName = "alerts-webhook";

    /// <inheritdoc />
    public async Task Consume(ConsumeContext<AlertRaised> context)
    {
        var url = options.Value.WebhookUrl;
        if (string.IsNullOrWhiteSpace(url)) return;
        var alert = context.Message;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        timeout.CancelAfter(options.Value.WebhookTimeout);
        try
        {
            using var client = clients.CreateClient(HttpClientName);
            using var response = await client.PostAsJsonAsync(url, alert, timeout.Token);
            if (!response.IsSuccessStatusCode)
                logger.LogWarning("The alert webhook answered {Status} to the {Kind} alert; the alert is not re-sent",
                    (int)response.StatusCode, alert.Kind);
        }
        catch (Exception ex) when (!context.CancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(
                "Posting the {Kind} alert to the alert webhook failed ({Error}); the alert is not re-sent",
                alert.Kind, ex.GetType().Name + ": " + ex.Message);
        }
    }
}
