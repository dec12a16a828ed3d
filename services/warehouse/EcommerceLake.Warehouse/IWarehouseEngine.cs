using EcommerceLake.Contracts;

namespace EcommerceLake.Warehouse;

/// <summary>
/// Port of the warehouse: raw batches are appended to the raw layer and merged into trusted, and the marts are rebuilt
/// from trusted. Adapters: PostgreSQL (schemas <c>land</c>, <c>raw</c>, <c>trusted</c>, <c>marts</c>; here, in tests
/// and in the embedded default) and, in production, BigQuery. Every load is an idempotent MERGE keyed by the spec's
/// primary key and the change version, so loading the same request twice leaves trusted as once.
/// </summary>
public interface IWarehouseEngine
{
    /// <summary>Applies the warehouse's migrations and creates or extends the raw and trusted table of every stream
    /// spec (idempotent).</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Loads the raw batch of <paramref name="request"/> in one transaction: appends it to the raw layer (replacing
    /// rows an earlier delivery of the same run appended), merges it into trusted, runs the stream's data-quality
    /// checks on the rows it wrote (<see cref="LoadResult.Checks"/>), and records it in the batch registry.
    /// </summary>
    /// <exception cref="Checks.DataCheckFailedException">An <c>error</c> check failed: nothing was
    /// committed.</exception>
    /// <exception cref="KeyNotFoundException">The stream has no spec.</exception>
    /// <exception cref="InvalidOperationException">The raw batch is unfinished, missing, or belongs to another
    /// stream.</exception>
    /// <exception cref="InvalidDataException">The batch's columns do not fit the spec, or a part is
    /// corrupt.</exception>
    Task<LoadResult> LoadAsync(LoadRequest request, CancellationToken cancellationToken);

    /// <summary>Brings the marts of <paramref name="chain"/> (null: of every chain) up to date with trusted, each chain
    /// in one transaction: maintained for the keys loads recorded since its last build, or rebuilt in full.</summary>
    /// <returns>Row count per mart table of the chain(s) built.</returns>
    Task<MartsResult> BuildMartsAsync(Guid runId, MartsChainName? chain, CancellationToken cancellationToken);
}
