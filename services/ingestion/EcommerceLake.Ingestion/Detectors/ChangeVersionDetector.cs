using EcommerceLake.Contracts;
using EcommerceLake.Ingestion.Connectors.Marketplace;
using EcommerceLake.Streams;
using EcommerceLake.Streams.Offsets;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Ingestion.Detectors;

/// <summary>
/// Detector of the change-tracked marketplace database (source <c>marketplace</c>, kind <c>change-version</c>): reads
/// <c>change_tracking.current_version()</c> (SQL Server: <c>CHANGE_TRACKING_CURRENT_VERSION()</c>) through the
/// connector's dialect and compares it with the smallest committed <c>{"changeVersion": N}</c> of the source's streams;
/// a larger current version — or a stream without an offset — means changes not yet in trusted. Feeds the gauge
/// <c>lake.offset.lag</c>. On with <c>Detectors:Marketplace:Enabled</c>.
/// </summary>
public sealed class ChangeVersionDetector(
    IOptions<MarketplaceOptions> marketplace, IOptions<DetectorOptions> options, StreamCatalog catalog, IBus bus,
    TimeProvider time,
    ILogger<ChangeVersionDetector> logger)
    : SourceDetector(bus, time, options.Value.OffsetsTimeout, logger)
{
    private readonly IChangeTrackingDialect _dialect = new PostgresChangeTrackingDialect();

    /// <inheritdoc />
    public override string Source => MarketplaceConnector.SourceName;

    /// <inheritdoc />
    public override SourceChangeKind Kind => SourceChangeKind.ChangeVersion;

    /// <inheritdoc />
    protected override bool Enabled => options.Value.Marketplace.Enabled;

    /// <inheritdoc />
    protected override TimeSpan PollInterval => options.Value.Marketplace.PollInterval;

    /// <inheritdoc />
    /// <exception cref="System.Data.Common.DbException">The source database cannot be read.</exception>
    protected override async Task<SourceObservation?> ObserveAsync(IReadOnlyDictionary<string, string> committedOffsets,
        CancellationToken cancellationToken)
    {
        long current;
        await using (var connection = _dialect.CreateConnection(marketplace.Value.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var transaction = await _dialect.BeginSnapshotAsync(connection, cancellationToken);
            await using var command = _dialect.CurrentVersion(connection, transaction);
            current = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken) ?? 0L);
            await transaction.CommitAsync(cancellationToken);
        }

        var missing = new List<string>();
        long? smallest = null;
        foreach (var spec in catalog.ForSource(Source))
        {
            long? version = null;
            try
            {
                version = ChangeTrackingOffset.Parse(committedOffsets.GetValueOrDefault(spec.Stream));
            }
            catch (FormatException ex)
            {
                logger.LogWarning("The committed offset of {Stream} is not a change-tracking offset ({Error})",
                    spec.Key, ex.Message);
            }
            if (version is { } v) smallest = smallest is { } s ? Math.Min(s, v) : v;
            else missing.Add(spec.Stream);
        }

        var committed = missing.Count > 0 ? 0 : smallest ?? 0;
        DetectorMetrics.SetVersionLag(Source, Math.Max(0, current - committed));
        if (missing.Count > 0)
            return new SourceObservation($"v{current}+missing:{string.Join(",", missing)}",
                $"change version {current}; no committed offset yet for {string.Join(", ", missing)}");
        return current > committed
            ? new SourceObservation($"v{current}", $"change version {current} is past the committed offset {committed}")
            : null;
    }
}
