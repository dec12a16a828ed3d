using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;

namespace EcommerceLake.DemoSources.ReviewApi;

/// <summary>
/// The key of one review in the API's order, (review_answer_timestamp, review_id, order_id), and its opaque cursor
/// form: base64url (RFC 4648 §5, no padding) of a small JSON object.
/// </summary>
/// <param name="AnsweredAt">review_answer_timestamp (no time zone; the API presents it as UTC).</param>
/// <param name="ReviewId">review_id.</param>
/// <param name="OrderId">order_id.</param>
internal sealed record ReviewApiCursor(DateTime AnsweredAt, string ReviewId, string OrderId)
{
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff";

    /// <summary>The opaque cursor text.</summary>
    public string Encode()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new Payload(
            AnsweredAt.ToString(TimestampFormat, CultureInfo.InvariantCulture), ReviewId, OrderId));
        return Base64Url.EncodeToString(json);
    }

    /// <summary>Reads a cursor made by <see cref="Encode"/>; false for anything else.</summary>
    public static bool TryDecode(string text, out ReviewApiCursor? cursor)
    {
        cursor = null;
        try
        {
            var payload = JsonSerializer.Deserialize<Payload>(Base64Url.DecodeFromChars(text));
            if (payload?.T is null || payload.R is null || payload.O is null
                || !DateTime.TryParseExact(payload.T, TimestampFormat, CultureInfo.InvariantCulture,
                    DateTimeStyles.None, out var at))
                return false;
            cursor = new ReviewApiCursor(at, payload.R, payload.O);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return false;
        }
    }

    private sealed record Payload(string? T, string? R, string? O);
}
