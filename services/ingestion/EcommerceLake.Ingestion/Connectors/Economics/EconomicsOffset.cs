using System.Globalization;
using System.Text.Json;

namespace EcommerceLake.Ingestion.Connectors.Economics;

/// <summary>
/// The offset of an economics stream, a date-window offset: <c>{"lastDate":"2024-12-31"}</c>, the latest reference
/// date loaded. The next extraction asks for the dates from the day after it up to today.
/// </summary>
public static class EconomicsOffset
{
    /// <summary>Name of the JSON property.</summary>
    public const string Property = "lastDate";

    /// <summary>The offset text for <paramref name="lastDate"/>.</summary>
    public static string Format(DateOnly lastDate) =>
        $"{{\"{Property}\":\"{lastDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\"}}";

    /// <summary>The last date of <paramref name="offset"/>, or null when there is none (null, blank or
    /// <c>{}</c>).</summary>
    /// <exception cref="FormatException">The offset is not an economics offset.</exception>
    public static DateOnly? Parse(string? offset)
    {
        if (string.IsNullOrWhiteSpace(offset)) return null;
        try
        {
            using var document = JsonDocument.Parse(offset);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (!root.TryGetProperty(Property, out var value)) return root.EnumerateObject().Any() ? Fail(offset)
                    : null;
                if (value.ValueKind == JsonValueKind.String
                    && DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture,
                        DateTimeStyles.None, out var date))
                    return date;
            }
        }
        catch (JsonException)
        {
        }
        return Fail(offset);
    }

    private static DateOnly? Fail(string offset) =>
        throw new FormatException(
            $"Offset '{offset}' is not an economics offset; expected {{\"{Property}\": \"yyyy-MM-dd\"}}.");
}
