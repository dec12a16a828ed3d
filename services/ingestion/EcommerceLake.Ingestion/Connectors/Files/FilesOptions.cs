using System.ComponentModel.DataAnnotations;
using EcommerceLake.Ingestion.Connectors.Files.Sftp;

namespace EcommerceLake.Ingestion.Connectors.Files;

/// <summary>Configuration section <c>Sources:Files</c>: where partners drop their CSV files and how to reach
/// them.</summary>
public sealed class FilesOptions : IValidatableObject
{
    /// <summary>Section name.</summary>
    public const string Section = "Sources:Files";

    /// <summary><c>Sources:Files:Transport</c>: <c>Local</c> (default, <see cref="DropDirectory"/>) or <c>Sftp</c>
    /// (<see cref="Sftp"/>).</summary>
    public FileTransport Transport { get; set; } = FileTransport.Local;

    /// <summary>
    /// <c>Sources:Files:DropDirectory</c>: the local directory the files arrive in. Only its top level is read; each
    /// stream takes the files whose names match its spec's Origin glob. Required when the transport is <c>Local</c>.
    /// </summary>
    public string DropDirectory { get; set; } = "";

    /// <summary><c>Sources:Files:Sftp:*</c>: the SFTP server, required when the transport is <c>Sftp</c>.</summary>
    public SftpOptions Sftp { get; set; } = new();

    /// <summary>
    /// <c>Sources:Files:StabilityInterval</c>: a new or changed file is read only when it has gone unmodified this
    /// long — its modification time is at least this old (plus one second, the granularity of SFTP listings) and its
    /// size and modification time are the same in a second listing — unless its done-marker exists; a file still being
    /// written is left for a later run. The connector waits only as long as the youngest new file still needs (files
    /// finished long ago cost no wait). The server's clock is trusted: a server clock behind the lake's by more than
    /// the interval could let a file still being written pass; use done-markers there. 0 to 10 minutes; default 2
    /// seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan StabilityInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// <c>Sources:Files:DoneMarkerSuffix</c>: a file <c>{name}{suffix}</c> next to <c>{name}</c> says the upload of
    /// <c>{name}</c> is complete, so it is read without the stability wait. Marker files are never read as data.
    /// Default <c>.done</c>.
    /// </summary>
    [Required]
    [RegularExpression(@"^\.[A-Za-z0-9._-]+$",
        ErrorMessage = "The done-marker suffix must start with '.' and hold only letters, digits and . _ -.")]
    public string DoneMarkerSuffix { get; set; } = ".done";

    /// <summary><c>Sources:Files:RequireDoneMarker</c>: when true, only files whose done-marker exists are read (no
    /// stability check). Default false.</summary>
    public bool RequireDoneMarker { get; set; }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Transport == FileTransport.Local)
        {
            if (string.IsNullOrWhiteSpace(DropDirectory))
                yield return new ValidationResult(
                    "The drop directory is required when Sources:Files:Transport is Local.", [nameof(DropDirectory)]);
            yield break;
        }

        if (string.IsNullOrWhiteSpace(Sftp.Host))
            yield return new ValidationResult(
                "The SFTP server's host is required when Sources:Files:Transport is Sftp.", ["Sftp:Host"]);
        else if (Sftp.Host.StartsWith('-'))
            yield return new ValidationResult("The host must not start with '-'.", ["Sftp:Host"]);
        if (string.IsNullOrWhiteSpace(Sftp.Username))
            yield return new ValidationResult("The user name is required when Sources:Files:Transport is Sftp.",
                ["Sftp:Username"]);
        else if (Sftp.Username.StartsWith('-'))
            yield return new ValidationResult("The user name must not start with '-'.", ["Sftp:Username"]);
        foreach (var problem in RequireFile(Sftp.PrivateKeyFile, "Sftp:PrivateKeyFile", "private key file"))
            yield return problem;
        if (!string.IsNullOrWhiteSpace(Sftp.KnownHostsFile))
        {
            foreach (var problem in RequireFile(Sftp.KnownHostsFile, "Sftp:KnownHostsFile", "known_hosts file"))
                yield return problem;
        }
        else if (string.IsNullOrWhiteSpace(Sftp.HostKeyFingerprint))
            yield return new ValidationResult(
                "The server's host key must be pinned when Sources:Files:Transport is Sftp: set "
                + "Sources:Files:Sftp:KnownHostsFile or Sources:Files:Sftp:HostKeyFingerprint.",
                ["Sftp:KnownHostsFile", "Sftp:HostKeyFingerprint"]);
        if (!string.IsNullOrWhiteSpace(Sftp.HostKeyFingerprint)
            && SftpHostKeyCheck.NormalizeFingerprint(Sftp.HostKeyFingerprint) is null)
            yield return new ValidationResult(
                $"The host key fingerprint '{Sftp.HostKeyFingerprint}' is not a SHA-256 fingerprint "
                + "(SHA256: followed by 43 base64 characters, as ssh-keygen -lf prints it).",
                ["Sftp:HostKeyFingerprint"]);
    }

    private static IEnumerable<ValidationResult> RequireFile(string path, string key, string what)
    {
        if (string.IsNullOrWhiteSpace(path))
            yield return new ValidationResult($"The {what} is required when Sources:Files:Transport is Sftp.", [key]);
        else if (!File.Exists(path))
            yield return new ValidationResult($"The {what} '{path}' does not exist.", [key]);
    }
}
