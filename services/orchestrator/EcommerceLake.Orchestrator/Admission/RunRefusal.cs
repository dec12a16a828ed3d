using EcommerceLake.Contracts;

namespace EcommerceLake.Orchestrator.Admission;

/// <summary>
/// A refused run request (table <c>orchestrator.run_refusals</c>, key run id), recorded by
/// <see cref="RunRefusalStore"/> before <see cref="RunRefused"/> is published, and read by <c>GET /runs/{id}</c> and
/// the dashboard as a run that ended <c>Refused</c>.
/// </summary>
public sealed class RunRefusal
{
    /// <summary>The run that was asked for (the request's idempotency key).</summary>
    public Guid RunId { get; set; }

    /// <summary>Source names the request asked for.</summary>
    public List<string> Sources { get; set; } = [];

    /// <summary>The <c>source.stream</c> keys the request narrowed the run to (<see cref="RequestRun.Streams"/>), else
    /// null (column <c>selected_streams</c>, migration 0012).</summary>
    public List<string>? SelectedStreams { get; set; }

    /// <summary>What asked for the run.</summary>
    public RunTrigger Trigger { get; set; }

    /// <summary>Who asked (the principal, or the trigger's name for an automatic request).</summary>
    public string RequestedBy { get; set; } = "";

    /// <summary>Whether the request asked for a full snapshot of every stream.</summary>
    public bool ForceFull { get; set; }

    /// <summary>Why, for people: the unknown source, or the busy source and the run holding it.</summary>
    public string Reason { get; set; } = "";

    /// <summary>The active run that held a requested source, when that was the reason; else null.</summary>
    public Guid? ActiveRunId { get; set; }

    /// <summary>W3C trace id of the request's trace, else null.</summary>
    public string? TraceId { get; set; }

    /// <summary>When admission refused the request (UTC).</summary>
    public DateTimeOffset RefusedAt { get; set; }
}
