namespace EcommerceLake.Ingestion.Connectors.Files.Sftp;

/// <summary>
/// Message types, flags and status codes of SFTP version 3 (draft-ietf-secsh-filexfer-02, sections 3, 5, 6 and 7),
/// the version OpenSSH's sftp-server and internal-sftp speak.
/// </summary>
internal static class SftpProtocol
{
    public const byte Init = 1, Version = 2, Open = 3, Close = 4, Read = 5, OpenDir = 11, ReadDir = 12;
    public const byte Status = 101, Handle = 102, Data = 103, Name = 104;
    public const uint OpenRead = 0x1;
    public const uint AttrSize = 0x1, AttrUidGid = 0x2, AttrPermissions = 0x4, AttrTimes = 0x8, AttrExtended = 0x80000000;
    public const uint StatusOk = 0, StatusEof = 1, StatusNoSuchFile = 2, StatusPermissionDenied = 3;
    public const uint FileTypeMask = 0xF000, RegularFile = 0x8000;

    /// <summary>The largest packet accepted (OpenSSH's SFTP_MAX_MSG_LENGTH is 256 KiB).</summary>
    public const int MaxPacketLength = 256 * 1024 + 1024;
}
