using EcommerceLake.Lake;
using EcommerceLake.Streams;
using Microsoft.Extensions.Logging;

namespace EcommerceLake.Warehouse;

/// <summary>
/// The raw batch a <see cref="LoadRequest"/> names, read and checked the same way by every warehouse engine: its
/// manifest must be a raw batch of the request's stream whose columns fit the spec, and keys missing from it may be
/// deleted from trusted only when both the request and the batch say it is a clean full snapshot.
/// </summary>
/// <param name="Manifest">The raw batch's manifest.</param>
/// <param name="DeleteMissing">True when trusted rows whose key the batch lacks are to be deleted.</param>
internal sealed record RawBatchToLoad(BatchManifest Manifest, bool DeleteMissing)
{
    /// <summary>Reads and checks the raw batch of <paramref name="request"/>; warns when a full snapshot is not
    /// clean.</summary>
    /// <exception cref="InvalidOperationException">The raw batch is unfinished, missing, or belongs to another
    /// stream.</exception>
    /// <exception cref="InvalidDataException">The batch's columns do not fit the spec.</exception>
    public static async Task<RawBatchToLoad> ReadAsync(
        ILakeStore lake, StreamSpec spec, LoadRequest request, ILogger logger, CancellationToken cancellationToken)
    {
        var manifest = await LakeBatchReader.ReadManifestAsync(lake, request.RawBatchUri, cancellationToken);
        if (manifest.Zone != "raw" || manifest.Source != request.Source || manifest.Stream != request.Stream)
            throw new InvalidOperationException(
                $"Lake batch '{request.RawBatchUri}' is a {manifest.Zone} batch " +
                $"of {manifest.Source}.{manifest.Stream}, not a raw batch of {spec.Key}.");
        CheckColumns(spec, manifest.Columns);

        var deleteMissing = request.IsFullSnapshot && manifest.IsFullSnapshot && manifest.QuarantinedCount == 0;
        if (request.IsFullSnapshot && !deleteMissing)
            logger.LogWarning(
                "Raw batch {Batch} is not a clean full snapshot ({Quarantined} quarantined record(s)); keys missing " +
                "from it are kept in trusted",
                request.RawBatchUri, manifest.QuarantinedCount);
        return new RawBatchToLoad(manifest, deleteMissing);
    }

    /// <summary>
    /// Checks the columns of a raw batch: <c>_op</c>, <c>_change_version</c> and every key column are required, and
    /// every column must be a meta column or a spec column. Spec columns the batch lacks load as null.
    /// </summary>
    /// <exception cref="InvalidDataException">The columns do not fit the spec; the message names them.</exception>
    public static void CheckColumns(StreamSpec spec, IReadOnlyList<string> columns)
    {
        var known = new HashSet<string>(spec.Columns.Select(c => c.Name)) { StreamSpec.OperationColumn,
            StreamSpec.ChangeVersionColumn };
        var unknown = columns.Where(c => !known.Contains(c)).ToList();
        var required = new[] { StreamSpec.OperationColumn, StreamSpec.ChangeVersionColumn }.Concat(spec.PrimaryKey);
        var missing = required.Where(c => !columns.Contains(c)).ToList();
        if (unknown.Count > 0 || missing.Count > 0 || columns.Distinct().Count() != columns.Count)
            throw new InvalidDataException(
                $"The raw batch columns of {spec.Key} do not fit its spec (unknown: {string.Join(", ", unknown)}; " +
                $"missing: {string.Join(", ", missing)}).");
    }
}
