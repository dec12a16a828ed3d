using System.Text.Json.Serialization;

namespace EcommerceLake.Streams.Offsets;

/// <summary>
/// The offset of a change-tracking stream: <c>{"changeVersion": N}</c>, N being the source's current version when the
/// batch was read (the <c>last_sync_version</c> of the next read). Shared by every change-tracking dialect; read and
/// written by <see cref="OffsetJson"/>.
/// </summary>
public static class ChangeTrackingOffset
{
    /// <summary>Name of the JSON property.</summary>
    public const string Property = "changeVersion";

    private const string Expected =
        "a change-tracking offset {\"changeVersion\": N} with N a non-negative 64-bit integer";

    /// <summary>The offset text for <paramref name="changeVersion"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="changeVersion"/> is negative.</exception>
    public static string Format(long changeVersion)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(changeVersion);
        return OffsetJson.Write(new Dto { ChangeVersion = changeVersion });
    }

    /// <summary>The change version of <paramref name="offset"/>, or null when there is no offset (null or
    /// blank).</summary>
    /// <exception cref="FormatException">The offset is not a JSON object with a non-negative 64-bit integer
    /// <c>changeVersion</c> and nothing else.</exception>
    public static long? Parse(string? offset) => OffsetJson.Read<Dto>(offset, Expected) switch
    {
        null => null,
        { ChangeVersion: >= 0 and var version } => version,
        _ => throw OffsetJson.Invalid(offset!, Expected),
    };

    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    private sealed record Dto
    {
        [JsonRequired]
        public long ChangeVersion { get; init; }
    }
}
