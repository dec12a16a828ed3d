using System.ComponentModel.DataAnnotations;

namespace EcommerceLake.Ingestion.Connectors.ChangeTracking;

/// <summary>Configuration section <c>Sources:Marketplace</c>: the marketplace's change-tracked PostgreSQL database.</summary>
public sealed class MarketplaceOptions
{
    /// <summary>Section name.</summary>
    public const string Section = "Sources:Marketplace";

    /// <summary><c>Sources:Marketplace:ConnectionString</c>: Npgsql connection string of the source database (required; a secret, never logged).</summary>
    [Required]
    public string ConnectionString { get; set; } = "";

    /// <summary><c>Sources:Marketplace:Schema</c>: schema of the source tables, a plain identifier. Default <c>marketplace</c>.</summary>
    [Required]
    [RegularExpression("^[A-Za-z_][A-Za-z0-9_]{0,62}$", ErrorMessage = "The field Schema must be a plain SQL identifier (^[A-Za-z_][A-Za-z0-9_]{0,62}$).")]
    public string Schema { get; set; } = "marketplace";
}
