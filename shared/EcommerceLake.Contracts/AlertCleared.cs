namespace EcommerceLake.Contracts;

/// <summary>
/// Event: the condition behind an alert ended (today: a <c>stale-source</c> alert whose stream received data again).
/// Published once per alert on the bus and POSTed as JSON to <c>Alerts:WebhookUrl</c> when configured, like
/// <see cref="AlertRaised"/>; receivers tell the two apart by <see cref="ClearedAt"/>.
/// </summary>
public sealed record AlertCleared
{
    /// <summary>The kind of the alert cleared (today always <see cref="AlertKind.StaleSource"/>, on the wire
    /// <c>stale-source</c>).</summary>
    public required AlertKind Kind { get; init; }

    /// <summary>The source concerned, when there is one; else null.</summary>
    public string? Source { get; init; }

    /// <summary>The stream concerned, when there is one; else null.</summary>
    public string? Stream { get; init; }

    /// <summary>What ended the condition, for people.</summary>
    public required string Message { get; init; }

    /// <summary>When the cleared alert was raised (UTC).</summary>
    public required DateTimeOffset RaisedAt { get; init; }

    /// <summary>When it was cleared (UTC).</summary>
    public required DateTimeOffset ClearedAt { get; init; }
}
