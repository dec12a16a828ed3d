using System.ComponentModel.DataAnnotations;

namespace EcommerceLake.DemoSources;

/// <summary>Where the demo sources live and how they are cut from the Olist data.</summary>
public sealed class DemoSourceSettings
{
    /// <summary>Connection string of the source database (schemas <c>marketplace</c> and <c>reviews_api</c>).</summary>
    [Required]
    public string SourceConnectionString { get; set; } = "";

    /// <summary>The folder the file source reads (the SFTP drop directory): CSV files are written there.</summary>
    [Required]
    public string DropDirectory { get; set; } = "";

    /// <summary>
    /// First day held back from the seed (local timestamps of the data, no time zone): orders purchased on or after it,
    /// with their items, payments and customers, and reviews answered on or after it arrive only with the change batch.
    /// </summary>
    public DateTime HoldBackFrom { get; set; } = new(2018, 8, 1);

    /// <summary>
    /// Whether seeding enables the project's change tracking on the marketplace tables
    /// (<c>ChangeTrackingInstaller.EnableAsync</c>). True for the demo; tests of the sources alone may turn it off.
    /// </summary>
    public bool EnableChangeTracking { get; set; } = true;

    /// <summary>The Olist data folder; null searches for <c>data/olist</c> (see
    /// <c>OlistDataset.LocateDirectory</c>).</summary>
    public string? DatasetDirectory { get; set; }

    /// <summary>The Banco Central SGS data folder the fake SGS API serves; null searches for <c>data/bcb</c> (see
    /// <c>SgsDataset.LocateDirectory</c>).</summary>
    public string? EconomicsDataDirectory { get; set; }

    /// <summary>
    /// First reference date of the economics streams (<c>Sources:Economics:StartDate</c> of the lake): the economics
    /// source holds the values the fake SGS API serves from this date to today.
    /// </summary>
    public DateOnly EconomicsStartDate { get; set; } = new(2016, 1, 1);
}
