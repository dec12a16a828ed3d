namespace EcommerceLake.Ingestion.Connectors.Marketplace;

/// <summary>A change-tracked source table. Dialects validate both names before they reach SQL.</summary>
/// <param name="Schema">Schema (PostgreSQL) or schema owner (SQL Server), a plain identifier.</param>
/// <param name="Name">Table name, a plain identifier (a stream spec's <c>Origin</c>).</param>
public sealed record TrackedTable(string Schema, string Name)
{
    /// <summary><c>schema.name</c>, for messages.</summary>
    public override string ToString() => $"{Schema}.{Name}";
}
