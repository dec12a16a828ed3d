using System.Buffers.Binary;
using System.Text;

namespace EcommerceLake.Ingestion.Connectors.Files.Sftp;

/// <summary>Reads the fields of one received SFTP packet (type already taken).</summary>
/// <exception cref="SourceUnavailableException">A field runs past the end of the packet.</exception>
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
        if (length > int.MaxValue) throw new SourceUnavailableException("The SFTP server sent a malformed packet: a string is longer than the packet.");
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
        if (count < 0 || _position + count > body.Length) throw new SourceUnavailableException("The SFTP server sent a malformed packet: it ended before its fields did.");
    }
}
