namespace EcommerceLake.Testing.Fakes.Gcs;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78, RFC 3720 appendix B.4), the checksum Cloud Storage keeps for
/// every object. The JSON API shows it as the base64 of the 4 bytes in big-endian order
/// (https://cloud.google.com/storage/docs/json_api/v1/objects#resource, field <c>crc32c</c>).
/// </summary>
public static class Crc32c
{
    private static readonly uint[] Table = BuildTable();

    /// <summary>The CRC-32C of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return ~crc;
    }

    /// <summary>The JSON API form: base64 of the big-endian bytes (<c>"AAAAAA=="</c> for no data).</summary>
    public static string ToBase64(ReadOnlySpan<byte> data)
    {
        var crc = Compute(data);
        return Convert.ToBase64String([(byte)(crc >> 24), (byte)(crc >> 16), (byte)(crc >> 8), (byte)crc]);
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0x82F63B78u ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
        return table;
    }
}
