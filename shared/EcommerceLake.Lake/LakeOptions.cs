using System.ComponentModel.DataAnnotations;

namespace EcommerceLake.Lake;

/// <summary>Configuration section <c>Lake</c>.</summary>
public sealed class LakeOptions
{
    /// <summary>Section name.</summary>
    public const string Section = "Lake";

    /// <summary>
    /// <c>Lake:Store</c>: where the lake lives. <c>Local</c> (default): the directory of <see cref="Root"/>;
    /// <c>Gcs</c>: the Cloud Storage bucket <see cref="Bucket"/> under <see cref="Prefix"/>, through the JSON API with
    /// the <c>GoogleCloud</c> settings.
    /// </summary>
    public LakeStoreKind Store { get; set; } = LakeStoreKind.Local;

    /// <summary><c>Lake:Bucket</c>: the Cloud Storage bucket of the lake; required when <see cref="Store"/> is
    /// <c>Gcs</c>.</summary>
    [RegularExpression("^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$",
        ErrorMessage = "must be a Cloud Storage bucket name (lower-case letters, digits, '-', '_', '.').")]
    public string? Bucket { get; set; }

    /// <summary><c>Lake:Prefix</c>: object-name prefix of the lake inside <see cref="Bucket"/>, without leading or
    /// trailing '/'. Default <c>lake</c>.</summary>
    [RegularExpression("^$|^[A-Za-z0-9_.=-]+(/[A-Za-z0-9_.=-]+)*$",
        ErrorMessage = "must be '/'-separated names without a leading or trailing '/'.")]
    public string Prefix { get; set; } = "lake";

    /// <summary>
    /// <c>Lake:UploadChunkBytes</c>: size of one chunk of a Cloud Storage resumable upload, a multiple of 262 144 bytes
    /// (256 KiB, as the JSON API requires), 262 144 to 268 435 456. Default 8 388 608 (8 MiB).
    /// </summary>
    [Range(262_144, 268_435_456)]
    public int UploadChunkBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary><c>Lake:Root</c>: directory of the local lake (created when missing). Default <c>.lake/lake</c> under
    /// the working directory.</summary>
    [Required]
    public string Root { get; set; } = Path.Combine(".lake", "lake");

    /// <summary><c>Lake:PartRows</c>: rows per part file of a batch, 1 000 to 10 000 000. Default 250 000.</summary>
    [Range(1_000, 10_000_000)]
    public int PartRows { get; set; } = 250_000;
}
