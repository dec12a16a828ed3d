using EcommerceLake.Contracts;
using EcommerceLake.Hosting;
using MassTransit;

namespace EcommerceLake.Orchestrator.Alerts;

/// <summary>
/// Raises an <c>error</c> alert of kind <c>dead-letter</c> for every message a service gave up on
/// (<see cref="MessageDeadLettered"/>), once per endpoint and message id: it names the message, the endpoint whose
/// <c>_error</c> queue holds it, the run and stream it belongs to and the last exception. A dead-lettered
/// <see cref="AlertRaised"/> (the alert webhook failing for good) raises at most one alert per endpoint and hour,
/// since that alert is itself delivered by the webhook that fails.
/// </summary>
public sealed class DeadLetterAlertConsumer(AlertRaiser alerts) : IConsumer<MessageDeadLettered>
{
    /// <inheritdoc />
    public Task Consume(ConsumeContext<MessageDeadLettered> context)
    {
        var m = context.Message;
        var type = m.MessageTypes.Count > 0 ? m.MessageTypes[0] : "A message that is not a JSON envelope";
        var kind = WireName.Of(AlertKind.DeadLetter);
        var key = m.MessageTypes.Contains(nameof(AlertRaised), StringComparer.Ordinal)
            ? $"{kind}:{m.Endpoint}:{nameof(AlertRaised)}:{m.DeadLetteredAt.UtcDateTime:yyyy-MM-ddTHH}"
            : $"{kind}:{m.Endpoint}:{m.MessageId?.ToString() ?? m.DeadLetteredAt.ToString("O")}";
        var run = m.RunId is { } runId ? $" of run {runId}" : "";
        var why = m.ExceptionType == typeof(BrokerDeadLetteredException).FullName
            ? "after the broker dead-lettered it" : "after its retries";
        return alerts.RaiseAsync(key,
            new AlertRaised
            {
                Kind = AlertKind.DeadLetter,
                Severity = AlertSeverity.Error,
                RunId = m.RunId,
                Source = m.Source,
                Stream = m.Stream,
                Message = $"{type}{run} was given up on by {m.Endpoint} on {m.Host} {why} and moved to "
                    + $"{m.Endpoint}_error (message id {m.MessageId?.ToString() ?? "unknown"}): {m.ExceptionType}: "
                    + $"{m.ExceptionMessage}",
                RaisedAt = m.DeadLetteredAt,
            },
            context, context.CancellationToken);
    }
}
