using System.ComponentModel.DataAnnotations;

namespace EcommerceLake.Warehouse.BigQuery;

/// <summary>
/// Configuration section <c>Warehouse:BigQuery</c>, used when <c>Warehouse:Engine</c> is <c>BigQuery</c>. The project,
/// credentials and endpoint come from the <c>GoogleCloud</c> section.
/// </summary>
public sealed class BigQueryOptions
{
    /// <summary>Section name.</summary>
    public const string Section = "Warehouse:BigQuery";

    /// <summary>
    /// <c>Warehouse:BigQuery:Location</c>: the location of the datasets and of every job, such as <c>US</c>, <c>EU</c>
    /// or <c>europe-west1</c>; it must match the lake bucket's location (load jobs read gs:// objects in the same
    /// location). Default <c>US</c>.
    /// </summary>
    [Required]
    [RegularExpression("^[A-Za-z]+(-[a-z]+[0-9]+)?$",
        ErrorMessage = "must be a BigQuery location such as US, EU or europe-west1.")]
    public string Location { get; set; } = "US";

    /// <summary>
    /// <c>Warehouse:BigQuery:DatasetPrefix</c>: prefix of the four dataset names, letters, digits and '_' (up to 64).
    /// Default empty: datasets <c>land</c>, <c>raw</c>, <c>trusted</c> and <c>marts</c>; with <c>lake_</c>:
    /// <c>lake_land</c>, ….
    /// </summary>
    [RegularExpression("^[A-Za-z0-9_]{0,64}$", ErrorMessage = "must be letters, digits or '_' (at most 64).")]
    public string DatasetPrefix { get; set; } = "";

    /// <summary><c>Warehouse:BigQuery:JobTimeoutMinutes</c>: time limit of one BigQuery job (sent as
    /// <c>jobTimeoutMs</c> and used as the polling limit), 1 to 1 440 minutes. Default 60.</summary>
    [Range(1, 1_440)]
    public int JobTimeoutMinutes { get; set; } = 60;

    /// <summary>
    /// <c>Warehouse:BigQuery:StagingTableExpirationHours</c>: expiration of the staging table a load job fills
    /// (<c>land.stage_{table}_{run}</c>), which a load deletes when it is done; the expiration only cleans up after a
    /// crash. 1 to 720 hours. Default 24.
    /// </summary>
    [Range(1, 720)]
    public int StagingTableExpirationHours { get; set; } = 24;

    /// <summary>The dataset of <paramref name="layer"/> (<c>land</c>, <c>raw</c>, <c>trusted</c>, <c>marts</c>) with
    /// the prefix.</summary>
    public string Dataset(string layer) => DatasetPrefix + layer;
}
