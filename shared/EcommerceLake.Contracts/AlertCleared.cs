namespace EcommerceLake.Contracts;

/// <summary>
/// Event: the condition behind an alert ended (a <c>stale-source</c> alert whose stream received data again, a
/// <c>schema-drift</c> alert whose source matches its spec again or drifts otherwise).
/// Published once per alert on the bus and POSTed as JSON to <c>Alerts:WebhookUrl</c> when configured, like
/// <see cref="AlertRaised"/>; receivers tell the two apart by <see cref="ClearedAt"/>.
/// </summary>
public sealed record AlertCleared
{
    /// <summary>The kind of the alert cleared: <see cref="AlertKind.StaleSource"/> (<c>stale-source</c>) or
    /// <see cref="AlertKind.SchemaDrift"/> (<c>schema-drift</c>).</summary>
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
