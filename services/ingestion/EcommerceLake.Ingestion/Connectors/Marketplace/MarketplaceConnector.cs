using EcommerceLake.Lake;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Ingestion.Connectors.Marketplace;

/// <summary>
/// The marketplace source: a change-tracked database, PostgreSQL with the project's trigger-based change tracking (SQL
/// Server Change Tracking's semantics) or SQL Server Change Tracking itself, as
/// <see cref="MarketplaceOptions.Dialect"/> says. A stream's table is <c>{Schema}.{spec.Origin}</c>; its offset is
/// <c>{"changeVersion": N}</c>. See <see cref="ChangeTrackingExtractor"/> for the read sequence and
/// <see cref="MarketplaceOptions.ExpiredOffsetPolicy"/> for an offset older than the min valid version.
/// </summary>
public sealed class MarketplaceConnector : ISourceConnector
{
    /// <summary>The source name.</summary>
    public const string SourceName = "marketplace";

    private readonly MarketplaceOptions _options;
    private readonly ChangeTrackingExtractor _extractor;

    /// <summary>Creates the connector.</summary>
    public MarketplaceConnector(IOptions<MarketplaceOptions> options, ILogger<MarketplaceConnector> logger)
    {
        _options = options.Value;
        IChangeTrackingDialect dialect = _options.Dialect switch
        {
            SourceDialect.SqlServer => new SqlServerChangeTrackingDialect(),
            _ => new PostgresChangeTrackingDialect(),
        };
        _extractor = new ChangeTrackingExtractor(dialect, logger, _options.ExpiredOffsetPolicy);
    }

    /// <inheritdoc />
    public string Source => SourceName;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The request's stream belongs to another source.</exception>
    /// <exception cref="FormatException">The committed offset is not a change-tracking offset.</exception>
    /// <exception cref="ChangeTrackingOffsetExpiredException">The offset expired and the policy is
    /// <see cref="ExpiredOffsetPolicy.Fail"/>.</exception>
    public Task<ExtractionResult> ExtractAsync(ExtractionRequest request, LakeBatchWriter writer,
        CancellationToken cancellationToken)
    {
        if (request.Spec.Source != SourceName)
            throw new ArgumentException($"Stream {request.Spec.Key} does not belong to source '{SourceName}'.",
                nameof(request));
        var table = new TrackedTable(_options.Schema, request.Spec.Origin);
        return _extractor.ExtractAsync(_options.ConnectionString, table, request, writer, cancellationToken);
    }
}
