using System.Globalization;
using System.Text.Json.Serialization;

namespace EcommerceLake.Streams.Offsets;

/// <summary>
/// The offset of the reviews stream: the key of the last review read, in the API's order,
/// <c>{"answeredAt":"2018-05-23T16:45:47Z","reviewId":"…","orderId":"…"}</c>. <c>{}</c> (or no offset) means
/// from the beginning. Read and written by <see cref="OffsetJson"/>.
/// </summary>
/// <param name="AnsweredAt">review_answer_timestamp (UTC), or null for the beginning.</param>
/// <param name="ReviewId">review_id.</param>
/// <param name="OrderId">order_id.</param>
public sealed record ReviewsOffset(DateTime? AnsweredAt, string? ReviewId, string? OrderId)
{
    private const string Expected =
        "a reviews offset {\"answeredAt\": ISO 8601, \"reviewId\": \"…\", \"orderId\": \"…\"} or {}";

    /// <summary>The beginning of the stream.</summary>
    public static ReviewsOffset Start { get; } = new(null, null, null);

    /// <summary>True for the beginning of the stream.</summary>
    public bool IsStart => AnsweredAt is null;

    /// <summary>ISO 8601 text of a UTC timestamp: <c>yyyy-MM-ddTHH:mm:ss[.ffffff]Z</c>.</summary>
    public static string FormatTimestamp(DateTime utc) =>
        utc.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>Reads an offset written by <see cref="ToJson"/>; null or empty text, or no <c>answeredAt</c>, is
    /// <see cref="Start"/>.</summary>
    /// <exception cref="FormatException">The text is not a reviews offset.</exception>
    public static ReviewsOffset Parse(string? json)
    {
        if (OffsetJson.Read<Dto>(json, Expected) is not { AnsweredAt: not null } dto) return Start;
        if (!DateTimeOffset.TryParse(dto.AnsweredAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal,
            out var at)
            || string.IsNullOrEmpty(dto.ReviewId) || string.IsNullOrEmpty(dto.OrderId))
            throw OffsetJson.Invalid(json!, Expected);
        return new ReviewsOffset(at.UtcDateTime, dto.ReviewId, dto.OrderId);
    }

    /// <summary>The offset as JSON.</summary>
    public string ToJson() => IsStart
        ? "{}"
        : OffsetJson.Write(new Dto(FormatTimestamp(AnsweredAt!.Value), ReviewId, OrderId));

    // Another connector's offset ({"changeVersion": 42}) is refused, not read as the beginning of the stream.
    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    private sealed record Dto(string? AnsweredAt, string? ReviewId, string? OrderId);
}
