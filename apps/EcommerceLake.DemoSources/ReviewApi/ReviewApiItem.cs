using System.Text.Json;
using System.Text.Json.Serialization;

namespace EcommerceLake.DemoSources.ReviewApi;

/// <summary>
/// One review as the API presents it (JSON snake_case names; timestamps ISO 8601 in UTC; the nested arrays as the
/// JSON text stored with the review, see <see cref="ReviewNestedArrays"/>).
/// </summary>
internal sealed record ReviewApiItem(
    string ReviewId,
    string OrderId,
    int? ReviewScore,
    string? ReviewCommentTitle,
    string? ReviewCommentMessage,
    string? ReviewCreationDate,
    string ReviewAnswerTimestamp,
    RawJson? Products,
    RawJson? Users,
    RawJson? Sentiments);

/// <summary>JSON text written into a response exactly as it is, not re-serialized nor parsed again: it comes from a
/// PostgreSQL <c>json</c> column, which checked it when it was stored.</summary>
[JsonConverter(typeof(RawJsonConverter))]
internal sealed record RawJson(string Text);

/// <summary>Writes <see cref="RawJson"/> verbatim; reading keeps the raw text of the value.</summary>
internal sealed class RawJsonConverter : JsonConverter<RawJson>
{
    public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return new RawJson(document.RootElement.GetRawText());
    }

    public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Text, skipInputValidation: true);
}

/// <summary>A page of reviews: <c>{"data":[…],"next_cursor":"…"|null}</c>.</summary>
internal sealed record ReviewApiPage(IReadOnlyList<ReviewApiItem> Data, string? NextCursor);

/// <summary>The token endpoint's success response (RFC 6749 §5.1).</summary>
internal sealed record ReviewApiTokenResponse(string AccessToken, string TokenType, int ExpiresIn);

/// <summary>An error response (RFC 6749 §5.2 shape, used by every endpoint).</summary>
internal sealed record ReviewApiError(string Error, string? ErrorDescription = null);
