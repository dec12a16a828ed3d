namespace EcommerceLake.Ingestion.Connectors.Files.Sftp;

/// <summary>The attributes used here: size in bytes, POSIX mode bits, modification time in Unix seconds (uint32 in v3).</summary>
internal readonly record struct SftpAttributes(ulong? Size, uint? Permissions, uint? ModifiedUnixSeconds)
{
    public bool IsRegularFile => Permissions is not { } p || (p & SftpProtocol.FileTypeMask) == SftpProtocol.RegularFile;
}
