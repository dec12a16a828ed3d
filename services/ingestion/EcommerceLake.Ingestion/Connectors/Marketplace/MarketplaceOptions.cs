using System.ComponentModel.DataAnnotations;

namespace EcommerceLake.Ingestion.Connectors.Marketplace;

/// <summary>
/// Configuration section <c>Sources:Marketplace</c>: the marketplace's change-tracked database, PostgreSQL with the
/// project's triggers (default) or SQL Server Change Tracking.
/// </summary>
public sealed class MarketplaceOptions
{
    /// <summary>Section name.</summary>
    public const string Section = "Sources:Marketplace";

    /// <summary>
    /// <c>Sources:Marketplace:ConnectionString</c>: connection string of the source database — Npgsql for
    /// <see cref="SourceDialect.PostgreSql"/>, Microsoft.Data.SqlClient for <see cref="SourceDialect.SqlServer"/>
    /// (required; a secret, never logged).
    /// </summary>
    [Required]
    public string ConnectionString { get; set; } = "";

    /// <summary><c>Sources:Marketplace:Schema</c>: schema of the source tables, a plain identifier. Default
    /// <c>marketplace</c>.</summary>
    [Required]
    [RegularExpression("^[A-Za-z_][A-Za-z0-9_]{0,62}$",
        ErrorMessage = "The field Schema must be a plain SQL identifier (^[A-Za-z_][A-Za-z0-9_]{0,62}$).")]
    public string Schema { get; set; } = "marketplace";

    /// <summary><c>Sources:Marketplace:Dialect</c>: <c>PostgreSql</c> (default) or <c>SqlServer</c>.</summary>
    [EnumDataType(typeof(SourceDialect))]
    public SourceDialect Dialect { get; set; } = SourceDialect.PostgreSql;

    /// <summary>
    /// <c>Sources:Marketplace:ExpiredOffsetPolicy</c>: what to do when a committed offset is older than the table's min
    /// valid version — <c>FullReload</c> (default: read a full snapshot) or <c>Fail</c> (fail the stream with a
    /// message naming the table, the saved version and the min valid version).
    /// </summary>
    [EnumDataType(typeof(ExpiredOffsetPolicy))]
    public ExpiredOffsetPolicy ExpiredOffsetPolicy { get; set; } = ExpiredOffsetPolicy.FullReload;
}
