namespace EcommerceLake.Ingestion.Connectors.Files;

/// <summary>How the files connector reaches the drop (<c>Sources:Files:Transport</c>).</summary>
public enum FileTransport
{
    /// <summary>A directory of this machine (<c>Sources:Files:DropDirectory</c>). The default.</summary>
    Local,

    /// <summary>A directory on an SFTP server (<c>Sources:Files:Sftp:*</c>), reached with SSH.NET.</summary>
    Sftp,
}
