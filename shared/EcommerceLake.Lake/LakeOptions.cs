using System.ComponentModel.DataAnnotations;

namespace EcommerceLake.Lake;

/// <summary>Configuration section <c>Lake</c>.</summary>
public sealed class LakeOptions
{
    /// <summary>Section name.</summary>
    public const string Section = "Lake";

    /// <summary><c>Lake:Root</c>: directory of the local lake (created when missing). Default <c>.lake/lake</c> under the working directory.</summary>
    [Required]
    public string Root { get; set; } = Path.Combine(".lake", "lake");

    /// <summary><c>Lake:PartRows</c>: rows per part file of a batch, 1 000 to 10 000 000. Default 250 000.</summary>
    [Range(1_000, 10_000_000)]
    public int PartRows { get; set; } = 250_000;
}
