using EcommerceLake.Orchestrator.Freshness;

namespace EcommerceLake.Orchestrator.StreamControl;

/// <summary>
/// One stream of the catalog as <c>GET /streams</c> shows it: its switches, its committed offset and its freshness.
/// Times are UTC.
/// </summary>
/// <param name="Source">Source name.</param>
/// <param name="Stream">Stream name.</param>
/// <param name="Paused">True while runs skip the stream.</param>
/// <param name="PausedBy">Who paused it, while paused.</param>
/// <param name="PausedReason">Why, while paused.</param>
/// <param name="PausedAt">When, while paused.</param>
/// <param name="ForceFull">True while the next run that loads the stream is to read it whole.</param>
/// <param name="ForceFullBy">Who asked for the full run, while asked for.</param>
/// <param name="ForceFullReason">Why, while asked for.</param>
/// <param name="ForceFullAt">When, while asked for.</param>
/// <param name="Offset">The committed offset (connector JSON), or null when the next run reads from scratch.</param>
/// <param name="OffsetCommittedAt">When the offset was committed, else null.</param>
/// <param name="Freshness">How recent the stream's data is (see <see cref="StreamFreshness"/>).</param>
public sealed record StreamView(
    string Source, string Stream, bool Paused, string? PausedBy, string? PausedReason, DateTimeOffset? PausedAt,
    bool ForceFull, string? ForceFullBy, string? ForceFullReason, DateTimeOffset? ForceFullAt, string? Offset,
    DateTimeOffset? OffsetCommittedAt, StreamFreshness Freshness);
