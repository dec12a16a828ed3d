using System.ComponentModel.DataAnnotations;

namespace EcommerceLake.Ingestion.Connectors.Files;

/// <summary>Configuration section <c>Sources:Files</c>: where partners drop their CSV files.</summary>
public sealed class FilesOptions
{
    /// <summary>Section name.</summary>
    public const string Section = "Sources:Files";

    /// <summary>
    /// <c>Sources:Files:DropDirectory</c>: the directory the files arrive in (a local directory, or the local side of
    /// the SFTP drop). Only its top level is read; each stream takes the files whose names match its spec's Origin glob.
    /// Required.
    /// </summary>
    [Required]
    public string DropDirectory { get; set; } = "";
}
