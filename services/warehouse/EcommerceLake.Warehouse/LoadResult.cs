using EcommerceLake.Contracts;

namespace EcommerceLake.Warehouse;

/// <summary>What a load did.</summary>
/// <param name="RawRowCount">Rows appended to the raw table.</param>
/// <param name="Inserted">Rows inserted into trusted.</param>
/// <param name="Updated">Trusted rows updated (a newer change version, or the same version with other values).</param>
/// <param name="Deleted">Trusted rows deleted: deletes of the batch, plus keys missing from a full snapshot.</param>
/// <param name="TrustedRowCount">Rows in the trusted table after the load.</param>
public sealed record LoadResult(long RawRowCount, long Inserted, long Updated, long Deleted, long TrustedRowCount)
{
    /// <summary>The stream's data-quality checks on the rows the load wrote, in spec order (none failing with
    /// severity <c>error</c>: such a load throws instead); empty when the spec declares none.</summary>
    public IReadOnlyList<CheckOutcome> Checks { get; init; } = [];
}
