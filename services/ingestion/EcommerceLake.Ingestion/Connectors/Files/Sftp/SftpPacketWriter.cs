using System.Buffers.Binary;
using System.Text;

namespace EcommerceLake.Ingestion.Connectors.Files.Sftp;

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
