using System.Globalization;
using System.Text.Json.Serialization;

namespace EcommerceLake.Streams.Offsets;

/// <summary>
/// The offset of an economics stream, a date-window offset: <c>{"lastDate":"2024-12-31"}</c>, the latest reference
/// date loaded. The next extraction asks for the dates from the day after it up to today. Read and written by
/// <see cref="OffsetJson"/>.
/// </summary>
public static class EconomicsOffset
{
    /// <summary>Name of the JSON property.</summary>
    public const string Property = "lastDate";

    private const string DateFormat = "yyyy-MM-dd";
    private const string Expected = "an economics offset {\"lastDate\": \"yyyy-MM-dd\"}";

    /// <summary>The offset text for <paramref name="lastDate"/>.</summary>
    public static string Format(DateOnly lastDate) =>
        OffsetJson.Write(new Dto { LastDate = lastDate.ToString(DateFormat, CultureInfo.InvariantCulture) });

    /// <summary>The last date of <paramref name="offset"/>, or null when there is none (null, blank, <c>{}</c> or a
    /// null <c>lastDate</c>).</summary>
    /// <exception cref="FormatException">The offset is not an economics offset (another property, or a date not in
    /// <c>yyyy-MM-dd</c>).</exception>
    public static DateOnly? Parse(string? offset) => OffsetJson.Read<Dto>(offset, Expected)?.LastDate switch
    {
        null => null,
        var text when DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None,
            out var date) => date,
        _ => throw OffsetJson.Invalid(offset!, Expected),
    };

    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    private sealed record Dto
    {
        public string? LastDate { get; init; }
    }
}
