using System.Buffers.Binary;
using System.Text;

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

/// <summary>Builds one SFTP packet: <c>uint32 length, byte type, payload</c>, integers big-endian, strings <c>uint32 length + bytes</c>.</summary>
internal sealed class SftpPacketWriter
{
    private readonly MemoryStream _buffer = new();

    public SftpPacketWriter(byte type)
    {
        _buffer.Write([0, 0, 0, 0, type]);
    }

    public SftpPacketWriter UInt32(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        _buffer.Write(bytes);
        return this;
    }

    public SftpPacketWriter UInt64(ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        _buffer.Write(bytes);
        return this;
    }

    public SftpPacketWriter String(ReadOnlySpan<byte> value)
    {
        UInt32((uint)value.Length);
        _buffer.Write(value);
        return this;
    }

    public SftpPacketWriter String(string value) => String(Encoding.UTF8.GetBytes(value));

    /// <summary>The packet with its length filled in.</summary>
    public byte[] ToArray()
    {
        var bytes = _buffer.ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)(bytes.Length - 4));
        return bytes;
    }
}

/// <summary>Reads the fields of one received SFTP packet (type already taken).</summary>
/// <exception cref="FormatException">A field runs past the end of the packet.</exception>
internal sealed class SftpPacketReader(byte type, byte[] body)
{
    private int _position = 1;

    public byte Type { get; } = type;

    public uint UInt32()
    {
        Need(4);
        var value = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(_position));
        _position += 4;
        return value;
    }

    public ulong UInt64()
    {
        Need(8);
        var value = BinaryPrimitives.ReadUInt64BigEndian(body.AsSpan(_position));
        _position += 8;
        return value;
    }

    public ReadOnlyMemory<byte> Bytes()
    {
        var length = UInt32();
        if (length > int.MaxValue) throw new FormatException("An SFTP string is longer than the packet.");
        Need((int)length);
        var value = body.AsMemory(_position, (int)length);
        _position += (int)length;
        return value;
    }

    public string Utf8() => Encoding.UTF8.GetString(Bytes().Span);

    /// <summary>Reads an ATTRS structure (section 5): the size and mtime when present, the rest skipped.</summary>
    public SftpAttributes Attributes()
    {
        var flags = UInt32();
        ulong? size = null;
        uint? permissions = null, mtime = null;
        if ((flags & SftpProtocol.AttrSize) != 0) size = UInt64();
        if ((flags & SftpProtocol.AttrUidGid) != 0) { UInt32(); UInt32(); }
        if ((flags & SftpProtocol.AttrPermissions) != 0) permissions = UInt32();
        if ((flags & SftpProtocol.AttrTimes) != 0) { UInt32(); mtime = UInt32(); }
        if ((flags & SftpProtocol.AttrExtended) != 0)
        {
            var count = UInt32();
            for (var i = 0; i < count; i++) { Bytes(); Bytes(); }
        }
        return new SftpAttributes(size, permissions, mtime);
    }

    private void Need(int count)
    {
        if (count < 0 || _position + count > body.Length) throw new FormatException("An SFTP packet ended before its fields did.");
    }
}

/// <summary>The attributes used here: size in bytes, POSIX mode bits, modification time in Unix seconds (uint32 in v3).</summary>
internal readonly record struct SftpAttributes(ulong? Size, uint? Permissions, uint? ModifiedUnixSeconds)
{
    public bool IsRegularFile => Permissions is not { } p || (p & SftpProtocol.FileTypeMask) == SftpProtocol.RegularFile;
}
