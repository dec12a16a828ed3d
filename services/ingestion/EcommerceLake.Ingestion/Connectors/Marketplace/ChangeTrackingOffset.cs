using System.Globalization;
using System.Text.Json;

namespace EcommerceLake.Ingestion.Connectors.Marketplace;

/// <summary>
/// The offset of a change-tracking stream: <c>{"changeVersion": N}</c>, N being the source's current version when the
/// batch was read (the <c>last_sync_version</c> of the next read). Shared by every change-tracking dialect.
/// </summary>
public static class ChangeTrackingOffset
{
    /// <summary>Name of the JSON property.</summary>
    public const string Property = "changeVersion";

    /// <summary>The offset text for <paramref name="changeVersion"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="changeVersion"/> is negative.</exception>
    public static string Format(long changeVersion)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(changeVersion);
        return $"{{\"{Property}\":{changeVersion.ToString(CultureInfo.InvariantCulture)}}}";
    }

    /// <summary>The change version of <paramref name="offset"/>, or null when there is no offset (null or
    /// blank).</summary>
    /// <exception cref="FormatException">The offset is not a JSON object with a non-negative 64-bit integer
    /// <c>changeVersion</c>.</exception>
    public static long? Parse(string? offset)
    {
        if (string.IsNullOrWhiteSpace(offset)) return null;
        try
        {
            using var document = JsonDocument.Parse(offset);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(Property, out var value)
                && value.ValueKind == JsonValueKind.Number
                && value.TryGetInt64(out var version)
                && version >= 0)
                return version;
        }
        catch (JsonException)
        {
        }
        throw new FormatException($"Offset '{offset}' is not a change-tracking offset; expected {{\"{Property}\": " +
            $"N}} with N a non-negative 64-bit integer.");
    }
}
