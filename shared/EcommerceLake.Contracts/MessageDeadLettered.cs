namespace EcommerceLake.Contracts;

/// <summary>
/// Event: a service gave up on a message after its retries and MassTransit moved it to the endpoint's
/// <c>{endpoint}_error</c> queue (RabbitMQ, in memory) or topic (Pub/Sub), where it stays until someone reads or
/// purges it with the broker's tools. Published by every lake service's error pipe
/// (<c>EcommerceLake.Hosting.DeadLetterNoticeFilter</c>) just before the move; the orchestrator raises a
/// <c>dead-letter</c> alert from it. At least once: the same message id may be reported twice.
/// </summary>
public sealed record MessageDeadLettered
{
    /// <summary>The receive endpoint (queue) that gave up, for example <c>extract-stream</c>; its dead letters are in
    /// <c>{Endpoint}_error</c>.</summary>
    public required string Endpoint { get; init; }

    /// <summary>The message's MassTransit id, when it had one: how to find it in the error queue.</summary>
    public Guid? MessageId { get; init; }

    /// <summary>The message's type names, most specific first, without the <c>urn:message:</c> namespace (for
    /// example <c>ExtractStream</c>); empty when the body could not be read.</summary>
    public required IReadOnlyList<string> MessageTypes { get; init; }

    /// <summary>The run the message belongs to (its <c>runId</c> field), if any.</summary>
    public Guid? RunId { get; init; }

    /// <summary>The message's <c>source</c> field, if any.</summary>
    public string? Source { get; init; }

    /// <summary>The message's <c>stream</c> field, if any.</summary>
    public string? Stream { get; init; }

    /// <summary>The last exception's type, for example <c>System.InvalidOperationException</c>.</summary>
    public required string ExceptionType { get; init; }

    /// <summary>The last exception's message.</summary>
    public required string ExceptionMessage { get; init; }

    /// <summary>The machine that gave up (its host name).</summary>
    public required string Host { get; init; }

    /// <summary>When it gave up (UTC).</summary>
    public required DateTimeOffset DeadLetteredAt { get; init; }
}
